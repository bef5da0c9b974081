#pragma once
// CRC-32 for test-made zip bytes. zlib's, not a hand-written loop: the tests build archives
// byte by byte (independent of the archive module under test) but need no CRC of their own.

#include <cstdint>
#include <string>
#include <zlib.h>

namespace ssosnap::test_support
{

inline std::uint32_t crc32_of(const std::string& data)
{
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const auto* p = reinterpret_cast<const Bytef*>(data.data());
    std::size_t left = data.size();
    while (left > 0) {  // zlib takes uInt lengths
        const uInt n = left > 0x40000000u ? 0x40000000u : static_cast<uInt>(left);
        crc = ::crc32(crc, p, n);
        p += n;
        left -= n;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace ssosnap::test_support
