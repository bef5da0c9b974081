#include "diff/render.hpp"

#include "diff/compare.hpp"
#include "fake_snapshot.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ssosnap::diff
{
namespace
{

using test::make_snapshot;

// Distinct secret payloads; none may appear in any redacted output.
const std::vector<std::string> k_secrets = {
    "PEMKEYBODYoldAAAA", "PEMKEYBODYnewBBBB", "KEYTABold",    "KEYTABnew",
    "oidcSECRETold",     "oidcSECRETnew",     "ldapPWold",    "ldapPWnew",
    "XMLKEYold",         "XMLKEYnew",         "idpTOKENvalue"};

std::string pem(const std::string& body)
{
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
}

DiffReport secret_report(const Redactor& redactor)
{
    auto a = make_snapshot(
        "a.zip", {{"kerberos/sp-key.pem", pem("PEMKEYBODYoldAAAA")},
                  {"kerberos/http.keytab", std::string("\x05\x02KEYTABold", 11)},
                  {"settings.json", R"({"oidc":{"clientSecret":"oidcSECRETold"},"idps":[]})"},
                  {"ldap.properties", "bind.password=ldapPWold\nurl=ldap://a\n"},
                  {"kerberos/idp.xml", "<x>\n" + pem("XMLKEYold") + "</x>\n"}});
    auto b = make_snapshot(
        "b.zip",
        {{"kerberos/sp-key.pem", pem("PEMKEYBODYnewBBBB")},
         {"kerberos/http.keytab", std::string("\x05\x02KEYTABnew", 11)},
         {"settings.json",
          R"({"oidc":{"clientSecret":"oidcSECRETnew"},"idps":[{"id":"x","apiToken":"idpTOKENvalue"}]})"},
         {"ldap.properties", "bind.password=ldapPWnew\nurl=ldap://b\n"},
         {"kerberos/idp.xml", "<x>\n" + pem("XMLKEYnew") + "</x>\n"}});
    CompareOptions options;
    options.redactor = redactor;
    auto r = compare(a.snapshot, b.snapshot, options);
    EXPECT_TRUE(r.has_value());
    return r ? *r : DiffReport{};
}

std::vector<std::string> every_rendering(const DiffReport& r)
{
    return {render_text(r, {}), render_text(r, {true, false}), render_text(r, {false, true}),
            render_json(r, {}), render_json(r, {false, true}), render_patch(r)};
}

TEST(RenderTest, NoSecretBytesAppearInAnyRenderer)
{
    auto r = secret_report(Redactor());
    ASSERT_EQ(r.entries.size(), 5U);
    for (const auto& out : every_rendering(r)) {
        for (const auto& secret : k_secrets)
            EXPECT_EQ(out.find(secret), std::string::npos) << secret << " leaked in:\n" << out;
    }
    auto text = render_text(r, {});
    EXPECT_NE(text.find("<redacted hmac:"), std::string::npos);
    EXPECT_NE(text.find("ldap://b"), std::string::npos);  // non-secret values still shown
}

TEST(RenderTest, RevealShowsSecretsInEveryDetailedRenderer)
{
    auto r = secret_report(Redactor::reveal());
    auto text = render_text(r, {});
    EXPECT_NE(text.find("oidcSECRETnew"), std::string::npos);
    EXPECT_NE(text.find("ldapPWnew"), std::string::npos);
    EXPECT_NE(text.find("PEMKEYBODYnewBBBB"), std::string::npos);
    EXPECT_NE(render_json(r, {}).find("XMLKEYnew"), std::string::npos);
    EXPECT_NE(render_patch(r).find("oidcSECRETnew"), std::string::npos);
}

TEST(RenderTest, TextHasEntryBlocksAndASummary)
{
    auto a = make_snapshot("a.zip", {{"s.json", R"({"a":1})"}, {"old.txt", "x"}});
    auto b = make_snapshot("b.zip", {{"s.json", R"({"a":2})"}, {"new.txt", "y"}});
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(render_text(*r, {}), "metadata\n"
                                   "  file: a.zip -> b.zip  (does not count)\n"
                                   "added     new.txt  (text)\n"
                                   "removed   old.txt  (text)\n"
                                   "modified  s.json  (json)\n"
                                   "  ~ /a: 1 -> 2\n"
                                   "different: 1 added, 1 removed, 1 modified, "
                                   "0 metadata differences; 0 equal\n");
    EXPECT_EQ(render_text(*r, {false, true}), "added     new.txt\n"
                                              "removed   old.txt\n"
                                              "modified  s.json\n");
}

TEST(RenderTest, ColourOnlyWhenAsked)
{
    auto a = make_snapshot("a.zip", {{"t.txt", "a\n"}});
    auto b = make_snapshot("a.zip", {{"t.txt", "b\n"}});
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(render_text(*r, {}).find('\x1b'), std::string::npos);
    auto coloured = render_text(*r, {true, false});
    EXPECT_NE(coloured.find("\x1b[31m-a"), std::string::npos);
    EXPECT_NE(coloured.find("\x1b[32m+b"), std::string::npos);
}

TEST(RenderTest, ControlBytesInNamesAndLinesAreEscapedInText)
{
    auto a = make_snapshot("a.zip", {{"evil\x1b[2J.txt", "ok\n"}, {"t.txt", "a\n"}});
    std::string padding(300, 'x');  // mostly text, so it is diffed as text
    auto b = make_snapshot("a.zip", {{"t.txt", padding + "\n\x1b]0;pwned\x07\n"}});
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(r.has_value());
    auto text = render_text(*r, {});
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_NE(text.find("evil\\x1b[2J.txt"), std::string::npos) << text;
    EXPECT_NE(text.find("+\\x1b]0;pwned\\x07"), std::string::npos) << text;
}

TEST(RenderTest, SameReportSaysSo)
{
    auto a = make_snapshot("a.zip", {{"t.txt", "a\n"}});
    auto r = compare(a.snapshot, a.snapshot, {});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(render_text(*r, {}), "same: 1 entry equal\n");
    auto doc = nlohmann::json::parse(render_json(*r, {}));
    EXPECT_TRUE(doc["same"].get<bool>());
}

TEST(RenderTest, JsonCarriesEveryChangeAsData)
{
    auto a = make_snapshot("a.zip", {{"s.json", R"({"idps":[{"id":"a"}]})"}, {"t.xml", "<a/>\n"}});
    auto b = make_snapshot(
        "b.zip", {{"s.json", R"({"idps":[{"id":"a"},{"id":"b"}]})"}, {"t.xml", "<b/>\n"}});
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(r.has_value());
    auto doc = nlohmann::json::parse(render_json(*r, {}));
    EXPECT_FALSE(doc["same"].get<bool>());
    const auto& s = doc["entries"][0];
    EXPECT_EQ(s["name"], "s.json");
    EXPECT_EQ(s["changes"][0]["op"], "add");
    EXPECT_EQ(s["changes"][0]["path"], "/idps/1");
    EXPECT_EQ(s["changes"][0]["new"], nlohmann::json::parse(R"({"id":"b"})"));
    EXPECT_EQ(s["changes"][0]["identity"], "id=\"b\"");
    const auto& t = doc["entries"][1];
    EXPECT_EQ(t["hunks"][0]["lines"], nlohmann::json::parse(R"(["-<a/>","+<b/>"])"));
    EXPECT_EQ(doc["summary"]["modified"], 2);
}

TEST(RenderTest, PatchIsRfc6902PerJsonEntry)
{
    std::string old_json = R"({"idps":[{"id":"a","on":true},{"id":"c"}],"x":1})";
    std::string new_json = R"({"idps":[{"id":"a","on":false},{"id":"b"},{"id":"c"}]})";
    auto a = make_snapshot("a.zip", {{"s.json", old_json}, {"t.xml", "<a/>"}});
    auto b = make_snapshot("a.zip", {{"s.json", new_json}, {"t.xml", "<b/>"}});
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(r.has_value());
    auto doc = nlohmann::json::parse(render_patch(*r));
    EXPECT_EQ(doc["format"], "rfc6902");
    ASSERT_EQ(doc["patches"].size(), 1U);
    EXPECT_EQ(doc["patches"][0]["entry"], "s.json");
    auto patched = nlohmann::json::parse(old_json).patch(doc["patches"][0]["patch"]);
    EXPECT_EQ(patched, nlohmann::json::parse(new_json));
    ASSERT_EQ(doc["other"].size(), 1U);
    EXPECT_EQ(doc["other"][0]["entry"], "t.xml");
}

}  // namespace
}  // namespace ssosnap::diff
