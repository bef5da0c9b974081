#pragma once
// Test helper: builds zip bytes by hand (stored entries only), so tests can make archives
// that no well-behaved writer would produce: wrong CRCs, symlinks, encrypted flags, unsafe
// names, duplicate names, entries pointing at the same data.

#include "crc32.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ssosnap::test
{

struct RawEntry {
    RawEntry(std::string n, std::string d, std::optional<std::uint32_t> c = std::nullopt)
        : name(std::move(n)), data(std::move(d)), crc(c)
    {
    }
    std::string name;
    std::string data;
    std::optional<std::uint32_t> crc;     ///< default: the real CRC-32
    std::uint16_t flags = 0;              ///< bit 0: encrypted
    std::uint32_t unix_mode = 0100644;    ///< 0120777 for a symlink
    std::optional<std::size_t> alias_of;  ///< point the directory record at another entry's data
    std::optional<std::uint32_t> claimed_size;  ///< uncompressed size to claim; default: real
};

using ssosnap::test_support::crc32_of;

inline void put(std::string& out, std::uint64_t v, int n)
{
    for (int i = 0; i < n; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// Returns the bytes of a zip holding `entries` (stored, in the given order).
inline std::string build_zip(const std::vector<RawEntry>& entries)
{
    std::string out;
    std::vector<std::uint32_t> offsets;
    for (const auto& e : entries) {
        offsets.push_back(static_cast<std::uint32_t>(out.size()));
        if (e.alias_of) continue;
        put(out, 0x04034b50, 4);
        put(out, 20, 2);
        put(out, e.flags, 2);
        put(out, 0, 2);     // stored
        put(out, 0, 2);     // time
        put(out, 0x21, 2);  // date 1980-01-01
        put(out, e.crc.value_or(crc32_of(e.data)), 4);
        put(out, e.data.size(), 4);
        put(out, e.claimed_size.value_or(e.data.size()), 4);
        put(out, e.name.size(), 2);
        put(out, 0, 2);
        out += e.name;
        out += e.data;
    }
    std::uint32_t cd_start = static_cast<std::uint32_t>(out.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        const auto& d = e.alias_of ? entries[*e.alias_of] : e;
        put(out, 0x02014b50, 4);
        put(out, 0x0314, 2);  // made by: Unix, 2.0
        put(out, 20, 2);
        put(out, e.flags, 2);
        put(out, 0, 2);
        put(out, 0, 2);
        put(out, 0x21, 2);
        put(out, d.crc.value_or(crc32_of(d.data)), 4);
        put(out, d.data.size(), 4);
        put(out, d.claimed_size.value_or(d.data.size()), 4);
        put(out, e.name.size(), 2);
        put(out, 0, 2);
        put(out, 0, 2);
        put(out, 0, 2);
        put(out, 0, 2);
        put(out, std::uint64_t{e.unix_mode} << 16, 4);
        put(out, e.alias_of ? offsets[*e.alias_of] : offsets[i], 4);
        out += e.name;
    }
    std::uint32_t cd_size = static_cast<std::uint32_t>(out.size()) - cd_start;
    put(out, 0x06054b50, 4);
    put(out, 0, 4);
    put(out, entries.size(), 2);
    put(out, entries.size(), 2);
    put(out, cd_size, 4);
    put(out, cd_start, 4);
    put(out, 0, 2);
    return out;
}

/// Returns a zip of `count` one-byte entries that each claim `claimed` bytes uncompressed
/// (nothing inflates that far: it tests the limits applied to the claims).
inline std::string build_zip_claiming(int count, std::uint32_t claimed)
{
    std::vector<RawEntry> entries;
    for (int i = 0; i < count; ++i) {
        RawEntry e{"claim-" + std::to_string(i) + ".bin", "x"};
        e.claimed_size = claimed;
        entries.push_back(e);
    }
    return build_zip(entries);
}

/// Returns the stored (compressed) bytes of the first local entry named `name`, or "".
inline std::string stored_bytes(const std::string& zip, const std::string& name)
{
    auto le = [&](std::size_t p, int n) {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |= std::uint64_t(static_cast<unsigned char>(zip[p + i])) << (8 * i);
        return v;
    };
    for (std::size_t p = 0; p + 30 <= zip.size(); ++p) {
        if (zip.compare(p, 4, "PK\x03\x04") != 0) continue;
        auto nlen = le(p + 26, 2);
        auto xlen = le(p + 28, 2);
        if (zip.compare(p + 30, nlen, name) != 0 || nlen != name.size()) continue;
        return zip.substr(p + 30 + nlen + xlen, le(p + 18, 4));
    }
    return {};
}

}  // namespace ssosnap::test
