#include "core/strings.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::core;

TEST(StringsTest, CaseInsensitiveHelpers)
{
    EXPECT_TRUE(iequals("JIRA", "jira"));
    EXPECT_FALSE(iequals("JIRA", "jir"));
    EXPECT_TRUE(icontains("oidc.ClientSecret", "clientsecret"));
    EXPECT_FALSE(icontains("oidc.client", "secret"));
}

TEST(StringsTest, SplitKeepsEmptyFieldsAndTrimStrips)
{
    auto parts = split("a,,b", ',');
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[1], "");
    EXPECT_EQ(trim("  x y \n"), "x y");
}

TEST(StringsTest, TextDetectionRejectsNulAndQuoteEscapesControls)
{
    EXPECT_TRUE(looks_like_text("<xml>\n</xml>\n"));
    EXPECT_FALSE(looks_like_text(std::string("\x05\x02\0\x01", 4)));
    EXPECT_EQ(quote(std::string("a\0b", 3)), "'a\\x00b'");
    EXPECT_EQ(escape_controls("\x1b[31mred\x7f/ok"), "\\x1b[31mred\\x7f/ok");
    EXPECT_EQ(escape_controls("kerberos/saml-idp.xml"), "kerberos/saml-idp.xml");
    EXPECT_EQ(escape_controls(""), "");
}

TEST(StringsTest, JsonNestingDepthCountsBracketsOutsideStrings)
{
    EXPECT_EQ(json_nesting_depth("{}"), 1u);
    EXPECT_EQ(json_nesting_depth(R"({"a":[{"b":[]}],"c":{}})"), 4u);
    EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[\"[[["})"), 1u);
    EXPECT_EQ(json_nesting_depth("12"), 0u);
    EXPECT_EQ(json_nesting_depth(std::string(100000, '[')), 100000u);
}
