#include "diff/textconv.hpp"

#include "fake_snapshot.hpp"

#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

using test::make_snapshot;

TEST(TextconvTest, CanonicalFormListsMetadataThenEntriesInNameOrder)
{
    auto s = make_snapshot("/tmp/whatever.zip",
                           {{"settings.json", R"({"b":1,"a":{"password":"pw-SECRET"}})"},
                            {"a.txt", "hello"},
                            {"metadata.json", "{}"},
                            {"logo.png", std::string("\x89PNG\0", 5)},
                            {"k/http.keytab", std::string("\x05\x02KEYTABSECRET", 14)}});
    s.snapshot.meta_entry = "metadata.json";
    auto out = textconv(s.snapshot, Redactor());
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->find("SECRET"), std::string::npos) << *out;
    EXPECT_EQ(out->find("whatever.zip"), std::string::npos);  // git passes temporary names
    EXPECT_NE(out->find("  pluginVersion: 6.1.0\n"), std::string::npos);
    EXPECT_NE(out->find("=== a.txt (text)\nhello\n"), std::string::npos);
    EXPECT_NE(out->find("=== k/http.keytab (binary, secret, 14 bytes)\n<redacted hmac:"),
              std::string::npos);
    EXPECT_NE(out->find("=== logo.png (binary, 5 bytes)\nsha256:"), std::string::npos);
    EXPECT_EQ(out->find("=== metadata.json"), std::string::npos);
    EXPECT_LT(out->find("=== a.txt"), out->find("=== k/http.keytab"));
    EXPECT_LT(out->find("=== logo.png"), out->find("=== settings.json"));
    EXPECT_LT(out->find("\"a\": {"), out->find("\"b\": 1"));
}

TEST(TextconvTest, SameContentGivesTheSameTextWhateverTheEntryOrder)
{
    auto a = make_snapshot("a.zip", {{"x.json", R"({"b":1,"a":2})"}, {"y.txt", "1\n"}});
    auto b = make_snapshot("b.zip", {{"y.txt", "1\n"}, {"x.json", "{\"a\": 2, \"b\": 1}"}});
    EXPECT_EQ(*textconv(a.snapshot, Redactor()), *textconv(b.snapshot, Redactor()));
}

TEST(TextconvTest, RevealShowsSecrets)
{
    auto s = make_snapshot("a.zip", {{"c.properties", "clientSecret=abc123\n"}});
    EXPECT_EQ(textconv(s.snapshot, Redactor())->find("abc123"), std::string::npos);
    EXPECT_NE(textconv(s.snapshot, Redactor::reveal())->find("abc123"), std::string::npos);
}

}  // namespace
}  // namespace ssosnap::diff
