#include "core/sha256.hpp"

#include <gtest/gtest.h>
#include <string>
#include <utility>

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

TEST(Sha256Test, AMovedDigestCarriesItsState)
{
    Sha256 a;
    a.update("ab");
    Sha256 b = std::move(a);
    b.update("c");
    EXPECT_EQ(b.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
