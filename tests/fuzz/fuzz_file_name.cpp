// libFuzzer target: the snapshot file-name grammar. A name that parses must format back to
// an id that parses to the same time (so ls, prune and rebase agree on what a name means).

#include "metadata/file_name.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view name(reinterpret_cast<const char*>(data), size);
    namespace md = ssosnap::metadata;
    auto t = md::parse_snapshot_name(name);
    if (!t) return 0;
    auto file = md::snapshot_file_name(*t);
    auto back = md::parse_snapshot_name(file);
    if (!back || md::snapshot_file_name(*back) != file) __builtin_trap();
    if (md::parse_snapshot_name(md::snapshot_id(*t)) == std::nullopt) __builtin_trap();
    (void)md::to_iso_local(*t);
    return 0;
}
