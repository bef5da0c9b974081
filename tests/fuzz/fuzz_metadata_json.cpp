// libFuzzer target: metadata JSON as found in archives, sidecars and the REST list. The
// first byte picks the parser; a parsed value is serialised and parsed again, which must
// succeed and give the same text (the round trip the writer relies on).

#include "metadata/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    namespace md = ssosnap::metadata;
    switch (data[0] % 4) {
    case 0: {
        auto meta = md::parse_snapshot_meta(text);
        if (!meta) break;
        auto once = md::to_json(*meta);
        auto again = md::parse_snapshot_meta(once);
        if (!again || md::to_json(*again) != once) __builtin_trap();
        (void)md::to_json(*meta, -1);
        break;
    }
    case 1: {
        auto record = md::parse_snapshot_record(text);
        if (!record) break;
        auto once = md::to_json(*record);
        auto again = md::parse_snapshot_record(once);
        if (!again || md::to_json(*again) != once) __builtin_trap();
        break;
    }
    case 2: {
        auto list = md::parse_snapshot_list(text);
        if (list) {
            for (const auto& r : *list)
                (void)md::to_json(r, -1);
        }
        break;
    }
    default:
        (void)md::looks_like_snapshot_meta(text);
        break;
    }
    return 0;
}
