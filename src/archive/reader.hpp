#pragma once
// Read-only access to a zip archive, from a file or from memory (the same code path, so
// tests and fuzzers exercise what users run). Opening reads only the central directory.

#include "archive/entry.hpp"
#include "archive/limits.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::archive
{

class Reader
{
public:
    /// Opens `path`. Fails with Errc::input (ids "not-a-zip", "truncated", "limit-exceeded",
    /// "unreadable") when it is not a zip archive that can be read at all.
    static core::Result<Reader> open_file(const std::filesystem::path& path,
                                          const Limits& limits = {});
    /// Opens an archive held in memory; `display_name` is used in messages.
    static core::Result<Reader> open_memory(std::string bytes, std::string display_name,
                                            const Limits& limits = {});

    /// Reads exactly `n` bytes at `offset` of a remote archive into `dst` (an HTTP Range
    /// request); false when they cannot be read (the caller keeps its own error).
    using RangeReader = std::function<bool(std::uint64_t offset, std::size_t n, char* dst)>;
    /// Opens an archive of `size` bytes read piecewise through `read`, e.g. an object in a
    /// bucket. Opening reads the end record and the central directory, and not every entry's
    /// local header: the overlapping-entries and truncated-data findings are not made. Meant for
    /// reading an archive's metadata at the cost of a few reads whatever its size, not for
    /// verifying it.
    static core::Result<Reader> open_ranges(std::uint64_t size, RangeReader read,
                                            std::string display_name, const Limits& limits = {});

    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;
    ~Reader();

    /// Central-directory records in directory order.
    const std::vector<Entry>& entries() const;
    /// Index (into entries()) of the first entry named exactly `name`.
    std::optional<std::size_t> find(std::string_view name) const;
    /// Inflates entry `i` completely, checking its CRC-32 and the size limits.
    /// Fails with ids "crc-mismatch", "truncated", "encrypted-entry", "limit-exceeded".
    core::Result<std::string> read(std::size_t i) const;
    /// Inflates entry `i` in chunks handed to `sink` (bounded memory), checking CRC-32 at the end.
    core::Result<void>
    read_chunks(std::size_t i,
                const std::function<core::Result<void>(std::string_view)>& sink) const;
    /// Findings made from the directory alone while opening (duplicate-name,
    /// overlapping-entries, limit-exceeded, ...), in a stable order.
    const std::vector<core::Finding>& structural_findings() const;
    /// The path or display name given when opening.
    const std::string& display_name() const;
    /// Size of the archive in bytes.
    std::uint64_t archive_size() const;
    /// The whole archive as stored (reads the file again when opened from a path), e.g. to
    /// copy or upload it unchanged. Fails with Errc::input when the file cannot be read.
    core::Result<std::string> raw_bytes() const;

    /// The archive's bytes without a copy when it was opened with open_memory(); nullopt for
    /// an archive opened from a file (use raw_bytes()). Valid as long as this Reader.
    std::optional<std::string_view> memory_bytes() const;
    /// The limits given when opening.
    const Limits& limits() const;

    struct Impl;  ///< opaque: defined in reader.cpp (holds the libzip handle)

private:
    explicit Reader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ssosnap::archive
