#include "core/base64.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::core;

TEST(Base64Test, EncodesTheRfc4648Vectors)
{
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, TheUrlAlphabetReplacesPlusAndSlash)
{
    const std::string bytes = "\xfb\xff\xbf";  // 111110 111111 111110 111111
    EXPECT_EQ(base64_encode(bytes), "+/+/");
    EXPECT_EQ(base64_encode(bytes, Base64Alphabet::url), "-_-_");
}

TEST(Base64Test, DecodingGivesBackWhatWasEncoded)
{
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    for (std::size_t n : {0u, 1u, 2u, 3u, 100u, 256u}) {
        const auto part = all.substr(0, n);
        EXPECT_EQ(base64_decode(base64_encode(part)), part) << n;
        EXPECT_EQ(base64_decode(base64_encode(part, Base64Alphabet::url)), part) << n;
    }
}
