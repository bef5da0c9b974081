#pragma once
// Internal to archive/: random access to an archive's bytes, from memory or from a file, so
// the central-directory parser reads both the same way (and reads only what it needs).

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ssosnap::archive::detail
{

class ByteSource
{
public:
    virtual ~ByteSource() = default;
    /// Total size in bytes.
    virtual std::uint64_t size() const = 0;
    /// Reads exactly `n` bytes at `offset` into `out`; false when they are not all there.
    virtual bool read_at(std::uint64_t offset, std::size_t n, std::string& out) const = 0;
};

/// A view of `bytes`, which must outlive the source.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

/// Opens `path` for reading (kept open until the source is destroyed). Fails with
/// Errc::input ("unreadable").
core::Result<std::unique_ptr<ByteSource>> file_source(const std::filesystem::path& path);

}  // namespace ssosnap::archive::detail
