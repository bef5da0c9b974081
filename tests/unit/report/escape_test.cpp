#include "report/escape.hpp"

#include <gtest/gtest.h>

namespace ssosnap::report
{
namespace
{

TEST(EscapeTest, MarkupCharactersBecomeReferences)
{
    EXPECT_EQ(html_escape("<script>alert('x')</script>"),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    EXPECT_EQ(html_escape("a=\"b\" & </style>"), "a=&quot;b&quot; &amp; &lt;/style&gt;");
}

TEST(EscapeTest, ReferencesInTheInputAreShownAsWritten)
{
    EXPECT_EQ(html_escape("&amp; &#60;"), "&amp;amp; &amp;#60;");
}

TEST(EscapeTest, ControlsAndInvalidUtf8AreShownAsEscapes)
{
    EXPECT_EQ(html_escape("a\x1b[31mb"), "a\\x1b[31mb");
    EXPECT_EQ(html_escape(std::string("x\xff<", 3)), "x\\xff&lt;");
    EXPECT_EQ(html_escape("tab\tstays"), "tab\tstays");
    EXPECT_EQ(html_escape("line\nbreak"), "line\\x0abreak");
}

TEST(EscapeTest, PlainTextAndUtf8PassUnchanged)
{
    EXPECT_EQ(html_escape("Kantega SSO 6.1.0 \u2192 6.2.0"), "Kantega SSO 6.1.0 \u2192 6.2.0");
    EXPECT_EQ(html_escape(""), "");
}

}  // namespace
}  // namespace ssosnap::report
