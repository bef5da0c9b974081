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

TEST(StringsTest, EscapeControlsLeavesNoTerminalControlButKeepsText)
{
    // OSC title, clear screen, bell, CR: every C0 byte and DEL as \xNN.
    EXPECT_EQ(escape_controls("\x1b]0;pwned\x07\x1b[2J\r"), "\\x1b]0;pwned\\x07\\x1b[2J\\x0d");
    // C1 controls (CSI U+009B, OSC U+009D) as \u{NN}; other UTF-8 passes, NBSP included.
    EXPECT_EQ(escape_controls("a\xc2\x9b"
                              "2Jb\xc2\x9d"),
              "a\\u{9b}2Jb\\u{9d}");
    const std::string text = "bl\xc3\xa5"
                             "b\xc3\xa6r \xe2\x82\xac \xf0\x9f\x94\x91 \xc2\xa0";
    EXPECT_EQ(escape_controls(text), text);
    // Invalid UTF-8: a stray continuation byte, a lone lead byte, an overlong ESC (0xc1 0x9b),
    // a surrogate, a truncated sequence at the end.
    EXPECT_EQ(escape_controls("\x80x\xc3 \xc1\x9b \xed\xa0\x80 \xe2\x82"),
              "\\x80x\\xc3 \\xc1\\x9b \\xed\\xa0\\x80 \\xe2\\x82");
    // Tab and newline: escaped in one-line text, kept in multi-line text.
    EXPECT_EQ(escape_controls("a\tb\nc"), "a\\x09b\\x0ac");
    EXPECT_EQ(escape_controls("a\tb\nc\x1b", Whitespace::keep), "a\tb\nc\\x1b");
    EXPECT_EQ(escape_controls("a\tb\nc", Whitespace::keep_tab), "a\tb\\x0ac");
    // Idempotent: escaped text passes again unchanged.
    EXPECT_EQ(escape_controls(escape_controls("\x1b\xc2\x9b\xff")),
              escape_controls("\x1b\xc2\x9b\xff"));
    for (int c = 0; c < 256; ++c) {
        const std::string one(1, static_cast<char>(c));
        const auto escaped = escape_controls(one);
        for (unsigned char e : escaped)
            EXPECT_TRUE(e >= 0x20 && e < 0x7f) << "byte " << c << " passes as " << int(e);
    }
}

TEST(StringsTest, JsonNestingDepthCountsBracketsOutsideStrings)
{
    EXPECT_EQ(json_nesting_depth("{}"), 1u);
    EXPECT_EQ(json_nesting_depth(R"({"a":[{"b":[]}],"c":{}})"), 4u);
    EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[\"[[["})"), 1u);
    EXPECT_EQ(json_nesting_depth("12"), 0u);
    EXPECT_EQ(json_nesting_depth(std::string(100000, '[')), 100000u);
}
