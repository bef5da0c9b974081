#pragma once
// Resource limits applied to every archive read, so a hostile archive cannot exhaust memory
// or time. Each has a CLI flag (--max-entries, --max-total-size, --max-ratio).

#include <cstdint>

namespace ssosnap::archive
{

struct Limits {
    std::uint64_t max_entries = 65536;
    std::uint64_t max_total_size = std::uint64_t{4} << 30;  // bytes uncompressed, all entries
    std::uint64_t max_entry_size = std::uint64_t{1} << 30;  // bytes uncompressed, one entry
    /// Largest accepted uncompressed:compressed ratio, checked for entries above
    /// ratio_min_size (tiny files of zeros compress far better and are harmless).
    std::uint64_t max_ratio = 200;
    std::uint64_t ratio_min_size = std::uint64_t{1} << 20;
};

}  // namespace ssosnap::archive
