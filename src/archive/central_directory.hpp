#pragma once
// Internal to archive/: this project's own reading of the zip central directory. libzip does
// not report overlapping entries or check limits before allocating, so the reader first walks
// the end-of-central-directory record (zip64 too), every directory record and every local
// header (30 bytes each), in bounded memory, and turns what it sees into findings.

#include "archive/byte_source.hpp"
#include "archive/entry.hpp"
#include "archive/limits.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <vector>

namespace ssosnap::archive::detail
{

/// Largest central directory read into memory (bytes); beyond it the archive is refused.
constexpr std::uint64_t k_max_directory_bytes = std::uint64_t{64} << 20;

struct Directory {
    std::vector<Entry> entries;
    /// duplicate-name, overlapping-entries, limit-exceeded, truncated, inconsistent-header
    std::vector<core::Finding> findings;
    std::uint64_t directory_offset = 0;
};

/// Whether the walk reads every entry's local header (30 bytes each) to find where its data
/// lies: the overlapping-entries and truncated-data findings need it. Skipped for an archive
/// read piecewise over the network, whose metadata is all that is wanted (Reader::open_ranges).
enum class LocalHeaders { check, skip };

/// Parses the central directory of `src`. Fails with Errc::input and id "not-a-zip",
/// "truncated" (no end record, or the directory is cut), "limit-exceeded" (more entries than
/// limits.max_entries, or a directory above k_max_directory_bytes) or "unsupported"
/// (multi-disk archives).
core::Result<Directory> parse_directory(const ByteSource& src, const Limits& limits,
                                        LocalHeaders local = LocalHeaders::check);

/// Converts DOS date/time fields, read as UTC, to epoch seconds.
std::int64_t dos_to_epoch(std::uint16_t dos_time, std::uint16_t dos_date);

/// Converts epoch seconds (UTC) to DOS {time, date} fields; clamps to 1980..2107.
void epoch_to_dos(std::int64_t epoch_s, std::uint16_t& dos_time, std::uint16_t& dos_date);

}  // namespace ssosnap::archive::detail
