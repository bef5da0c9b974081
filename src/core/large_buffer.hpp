#pragma once
// Room for a body of hundreds of megabytes held in memory (a download to be encrypted, a
// decrypted archive), made once and cheap to fill.

#include <cstdint>
#include <string>

namespace ssosnap::core
{

/// Reserves room for `bytes` in `buffer` and, for a buffer of megabytes, asks the kernel for
/// huge pages (Linux: madvise MADV_HUGEPAGE), so filling 200 MiB takes about 100 page faults
/// instead of 51,000. Best effort: a size the allocator refuses leaves the buffer as it was,
/// to grow as it would have; a kernel without huge pages ignores the advice.
void reserve_large(std::string& buffer, std::uint64_t bytes) noexcept;

}  // namespace ssosnap::core
