#pragma once
// Test-only zip byte helpers, independent of the archive module under test: a writer of
// *stored* (uncompressed) archives, so a test can tell whether an entry was re-compressed,
// and a reader of each entry's raw stored bytes, so a test can check that an entry was
// copied byte for byte.

#include "crc32.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ssosnap::test
{

using ssosnap::test_support::crc32_of;

inline void put16(std::string& out, std::uint32_t v)
{
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}
inline void put32(std::string& out, std::uint32_t v)
{
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}
inline std::uint32_t get16(const std::string& s, std::size_t at)
{
    return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8);
}
inline std::uint32_t get32(const std::string& s, std::size_t at)
{
    return get16(s, at) | (get16(s, at + 2) << 16);
}

/// A zip of stored entries (method 0), DOS time 2022-01-04 12:00, in the given order.
inline std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::string out;
    std::string central;
    const std::uint32_t dos_time = 12u << 11;
    const std::uint32_t dos_date = ((2022u - 1980u) << 9) | (1u << 5) | 4u;
    for (const auto& [name, data] : entries) {
        auto offset = static_cast<std::uint32_t>(out.size());
        auto crc = crc32_of(data);
        auto size = static_cast<std::uint32_t>(data.size());
        put32(out, 0x04034b50);
        put16(out, 20), put16(out, 0), put16(out, 0), put16(out, dos_time), put16(out, dos_date);
        put32(out, crc), put32(out, size), put32(out, size);
        put16(out, static_cast<std::uint32_t>(name.size())), put16(out, 0);
        out += name + data;
        put32(central, 0x02014b50);
        put16(central, 0x031E), put16(central, 20), put16(central, 0), put16(central, 0);
        put16(central, dos_time), put16(central, dos_date);
        put32(central, crc), put32(central, size), put32(central, size);
        put16(central, static_cast<std::uint32_t>(name.size()));
        put16(central, 0), put16(central, 0), put16(central, 0), put16(central, 0);
        put32(central, 0100644u << 16);
        put32(central, offset);
        central += name;
    }
    auto cd_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0), put16(out, 0);
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size())), put32(out, cd_offset), put16(out, 0);
    return out;
}

struct RawEntry {
    std::uint32_t method = 0;
    std::uint32_t crc = 0;
    std::string stored;  ///< the entry's bytes as stored (compressed for method 8)
};

/// Each entry's method, CRC and stored bytes, read through the central directory (no zip64).
inline std::map<std::string, RawEntry> raw_entries(const std::string& zip)
{
    std::map<std::string, RawEntry> out;
    auto eocd = zip.rfind(std::string("PK\x05\x06", 4));
    if (eocd == std::string::npos) return out;
    auto count = get16(zip, eocd + 10);
    std::size_t at = get32(zip, eocd + 16);
    for (std::uint32_t i = 0; i < count; ++i) {
        RawEntry e;
        e.method = get16(zip, at + 10);
        e.crc = get32(zip, at + 16);
        auto csize = get32(zip, at + 20);
        auto name_len = get16(zip, at + 28);
        auto extra_len = get16(zip, at + 30);
        auto comment_len = get16(zip, at + 32);
        std::size_t local = get32(zip, at + 42);
        std::string name = zip.substr(at + 46, name_len);
        auto data_at = local + 30 + get16(zip, local + 26) + get16(zip, local + 28);
        e.stored = zip.substr(data_at, csize);
        out[name] = std::move(e);
        at += 46 + name_len + extra_len + comment_len;
    }
    return out;
}

}  // namespace ssosnap::test
