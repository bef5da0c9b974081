#include "core/sha256.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <iterator>
#include <string>

using ssosnap::core::Sha256;
using ssosnap::core::sha256_hex;

TEST(Sha256Test, MatchesFipsVectors)
{
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, StreamingEqualsOneShotAcrossBlockBoundaries)
{
    std::string data(1000003, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>(i * 31 % 251);
    Sha256 h;
    for (std::size_t pos = 0; pos < data.size(); pos += 63)
        h.update(std::string_view(data).substr(pos, 63));
    EXPECT_EQ(h.hex_digest(), sha256_hex(data));
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, FingerprintIsShortPrefix)
{
    EXPECT_EQ(ssosnap::core::fingerprint("abc"), "sha256:ba7816bf");
}

// Both compression functions over the same blocks: the SHA-NI one (used where the CPU has
// the SHA extensions) must agree with the portable one on every state and input.
TEST(Sha256Test, ShaNiBlocksEqualPortableBlocks)
{
    namespace detail = ssosnap::core::detail;
    if (!detail::sha_ni_available()) GTEST_SKIP() << "this CPU has no SHA extensions";
    std::string data(64 * 257, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>((i * 7919 + i / 64) % 256);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
    for (std::size_t count : {1U, 2U, 3U, 64U, 257U}) {
        std::uint32_t a[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        std::uint32_t b[8];
        std::copy(std::begin(a), std::end(a), std::begin(b));
        detail::sha256_blocks_portable(a, bytes, count);
        detail::sha256_blocks_sha_ni(b, bytes, count);
        EXPECT_TRUE(std::equal(std::begin(a), std::end(a), std::begin(b))) << count << " blocks";
    }
}
