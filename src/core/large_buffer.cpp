#include "core/large_buffer.hpp"

#include <cstddef>
#include <exception>
#include <sys/mman.h>

namespace ssosnap::core
{
namespace
{

constexpr std::uintptr_t k_huge_page = std::uintptr_t{2} << 20;  // x86-64 and arm64

}  // namespace

void reserve_large(std::string& buffer, std::uint64_t bytes) noexcept
{
    if (bytes > buffer.max_size()) return;
    try {
        buffer.reserve(static_cast<std::size_t>(bytes));
    } catch (const std::exception&) {  // bad_alloc, length_error: grow as before
        return;
    }
    // The whole huge pages inside the capacity.
    const auto begin = reinterpret_cast<std::uintptr_t>(buffer.data());  // NOLINT: an address
    const std::uintptr_t first = (begin + k_huge_page - 1) & ~(k_huge_page - 1);
    const std::uintptr_t end = (begin + buffer.capacity()) & ~(k_huge_page - 1);
    if (end <= first) return;
#ifdef MADV_HUGEPAGE
    (void)::madvise(reinterpret_cast<void*>(first), end - first,  // NOLINT: an address
                    MADV_HUGEPAGE);
#endif
}

}  // namespace ssosnap::core
