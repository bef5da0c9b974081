#include "diff/properties.hpp"

#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

TEST(PropertiesTest, ParsesJavaPropertiesSyntax)
{
    auto p = parse_properties("# comment\n! also\n  a = 1\nb:2\nc 3\nd=multi \\\n    line\n"
                              "e\\ key=x\\u0041\nf=\n",
                              Redactor::reveal());
    EXPECT_EQ(p.at("a"), "1");
    EXPECT_EQ(p.at("b"), "2");
    EXPECT_EQ(p.at("c"), "3");
    EXPECT_EQ(p.at("d"), "multi line");
    EXPECT_EQ(p.at("e key"), "xA");
    EXPECT_EQ(p.at("f"), "");
    EXPECT_EQ(p.size(), 6U);
}

TEST(PropertiesTest, LastValueOfARepeatedKeyWins)
{
    EXPECT_EQ(parse_properties("k=1\nk=2\n", Redactor::reveal()).at("k"), "2");
}

TEST(PropertiesTest, ChangesAreByKeyInKeyOrder)
{
    auto c = diff_properties("b=1\na=1\nc=1\n", "c=1\nb=2\nd=4\n", Redactor::reveal());
    ASSERT_EQ(c.size(), 3U);
    EXPECT_EQ(c[0].key, "a");
    EXPECT_FALSE(c[0].new_value.has_value());
    EXPECT_EQ(c[1].key, "b");
    EXPECT_EQ(*c[1].old_value, "1");
    EXPECT_EQ(*c[1].new_value, "2");
    EXPECT_EQ(c[2].key, "d");
    EXPECT_FALSE(c[2].old_value.has_value());
}

TEST(PropertiesTest, ReorderedAndReformattedFilesAreEqual)
{
    EXPECT_TRUE(diff_properties("a=1\r\nb=2\r\n", "# x\nb : 2\na=1", Redactor::reveal()).empty());
}

TEST(PropertiesTest, SecretValuesAreRedacted)
{
    auto c = diff_properties("ldap.bind.password=old-SECRET\n", "ldap.bind.password=new-SECRET\n",
                             Redactor());
    ASSERT_EQ(c.size(), 1U);
    EXPECT_EQ(c[0].old_value->find("SECRET"), std::string::npos);
    EXPECT_EQ(c[0].old_value->rfind("<redacted hmac:", 0), 0U);
    EXPECT_NE(*c[0].old_value, *c[0].new_value);
    EXPECT_EQ(canonical_properties("b=2\nclientSecret=zzz\n", Redactor()).find("zzz"),
              std::string::npos);
}

TEST(PropertiesTest, UnusualSecretKeysAndCredentialsInValuesAreRedacted)
{
    auto text = canonical_properties("bind.pw=a-SECRET\nbindCredential=b-SECRET\n"
                                     "java.naming.security.credentials=c-SECRET\n"
                                     "KEYSTORE_PASS=d-SECRET\nauth.header=Basic dXNlcjpodW50ZXIy\n"
                                     "url=ldaps://x:e-SECRET@h.example.test/\nshown=yes\n",
                                     Redactor());
    EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
    EXPECT_EQ(text.find("dXNlcjpodW50ZXIy"), std::string::npos) << text;
    EXPECT_NE(text.find("shown = yes"), std::string::npos) << text;
}

}  // namespace
}  // namespace ssosnap::diff
