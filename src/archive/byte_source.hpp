#pragma once
// Internal to archive/: random access to an archive's bytes, from memory or from a file, so
// the central-directory parser and libzip (through a zip source over it, see reader.cpp) read
// both the same way, from the one open file, and read only what they need.

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
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
    /// Reads exactly `n` bytes at `offset` into `dst`; false when they are not all there.
    virtual bool read_into(std::uint64_t offset, std::size_t n, char* dst) const = 0;
    /// The same into `out` (resized to `n`).
    bool read_at(std::uint64_t offset, std::size_t n, std::string& out) const
    {
        if (offset > size() || n > size() - offset) return false;
        out.resize(n);
        return read_into(offset, n, out.data());
    }
};

/// A view of `bytes`, which must outlive the source.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

/// Opens `path` for reading (kept open until the source is destroyed). Small reads (a local
/// header, a central-directory record, libzip's 8 KiB chunks) are served from one cached
/// 60 KiB block, so walking 2,000 entries costs a few dozen reads, not thousands. Not
/// thread-safe. Fails with Errc::input ("unreadable").
core::Result<std::unique_ptr<ByteSource>> file_source(const std::filesystem::path& path);

/// Reads exactly `n` bytes at `offset` from somewhere slow (an HTTP Range request); false
/// when they cannot be read.
using RangeFetch = std::function<bool(std::uint64_t offset, std::size_t n, char* dst)>;

/// `size` bytes read through `fetch`, at least k_range_block bytes a call (clipped to the end;
/// k_range_tail for a read that ends there), the last k_range_spans spans kept: the end record, the
/// directory and one entry's header and data cost a handful of calls whatever the archive's size.
/// Not thread-safe.
std::unique_ptr<ByteSource> range_source(std::uint64_t size, RangeFetch fetch);

constexpr std::size_t k_range_block = std::size_t{64} << 10;
constexpr std::size_t k_range_spans = 8;
/// A read that ends at the archive's end fetches at least this much of its tail.
constexpr std::size_t k_range_tail = std::size_t{128} << 10;
/// A read larger than this goes to `fetch` as it is and is not kept.
constexpr std::size_t k_range_max_span = std::size_t{4} << 20;

}  // namespace ssosnap::archive::detail
