// libFuzzer target: the Maven version parser and comparator. Splits the input at the first
// newline into two versions and checks the order's laws: antisymmetry, reflexivity, and that
// equal versions have equal canonical forms (which compare equal to the originals).

#include "metadata/version.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace
{

int sign(int v)
{
    return (v > 0) - (v < 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto cut = input.find('\n');
    std::string_view a = input.substr(0, cut);
    std::string_view b = cut == std::string_view::npos ? std::string_view{} : input.substr(cut + 1);
    namespace md = ssosnap::metadata;
    md::Version va(a);
    md::Version vb(b);
    if (va.compare(va) != 0) __builtin_trap();
    if (sign(va.compare(vb)) != -sign(vb.compare(va))) __builtin_trap();
    if (sign(md::compare_versions(a, b)) != sign(va.compare(vb))) __builtin_trap();
    if (va.compare(vb) == 0 && va.canonical() != vb.canonical()) __builtin_trap();
    (void)md::order_symbol(va.compare(vb));
    return 0;
}
