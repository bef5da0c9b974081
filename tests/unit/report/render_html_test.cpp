#include "report/render_html.hpp"

#include "report/page.hpp"
#include "report/sections.hpp"

#include <gtest/gtest.h>

namespace ssosnap::report
{
namespace
{

using diff::EntryStatus;

std::size_t occurrences(const std::string& text, const std::string& needle)
{
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

metadata::SnapshotMeta meta(const std::string& plugin)
{
    metadata::SnapshotMeta m;
    m.application_name = "JIRA";
    m.application_version = "9.12.2";
    m.plugin_version = plugin;
    m.base_url = "https://jira.example.test";
    m.time_millis = 1714528800000;
    m.description = "nightly";
    return m;
}

PageInfo info()
{
    PageInfo i;
    i.title = "Configuration diff";
    i.generator = "ssosnap test";
    i.old_side = {.role = "old", .meta = meta("6.1.0")};
    i.new_side = {.role = "new", .meta = meta("6.2.0")};
    return i;
}

diff::EntryDiff modified(const std::string& name, diff::Detail detail)
{
    diff::EntryDiff e;
    e.name = name;
    e.status = EntryStatus::modified;
    e.kind = archive::EntryKind::json;
    e.detail = detail;
    e.old_size = 10;
    e.new_size = 12;
    return e;
}

diff::DiffReport hostile_report()
{
    diff::DiffReport r;
    r.old_label = "a.zip";
    r.new_label = "b</title><script>x()</script>.zip";
    auto e = modified("<script>alert(1)</script>.json", diff::Detail::json);
    e.json.push_back({.op = diff::ChangeOp::replace,
                      .path = "/a\"b",
                      .old_value = "\"</style><img src=x onerror=y()>\"",
                      .new_value = "'q'",
                      .identity = ""});
    r.entries.push_back(e);
    return r;
}

TEST(RenderHtmlTest, EveryNameAndValueIsEscaped)
{
    const auto page = render_html(hostile_report(), info());
    EXPECT_EQ(occurrences(page, "<script"), 0U) << page;
    EXPECT_EQ(occurrences(page, "<img"), 0U);
    EXPECT_EQ(occurrences(page, "</style>"), 1U);  // the page's own style element only
    EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;.json"), std::string::npos);
    EXPECT_NE(page.find("&quot;&lt;/style&gt;&lt;img src=x onerror=y()&gt;&quot;"),
              std::string::npos);
    EXPECT_NE(page.find("/a&quot;b"), std::string::npos);
    EXPECT_NE(page.find("&#39;q&#39;"), std::string::npos);
    EXPECT_NE(page.find("b&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;.zip"), std::string::npos);
}

TEST(RenderHtmlTest, PolicyForbidsScriptsAndAllowsOnlyTheHashedStyle)
{
    const auto page = render_html(hostile_report(), info());
    const auto policy = content_security_policy();
    EXPECT_EQ(policy.rfind("default-src 'none'; style-src 'sha256-", 0), 0U) << policy;
    EXPECT_EQ(policy.find("unsafe"), std::string::npos);
    EXPECT_NE(page.find("http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\""),
              std::string::npos);
    // The hash covers the exact text of the style element.
    const auto open = page.find("<style>") + 7;
    const auto style = page.substr(open, page.find("</style>") - open);
    EXPECT_EQ(style, style_sheet());
    EXPECT_NE(policy.find(style_hash_source(style)), std::string::npos);
    // A known vector: SHA-256 of "" is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=.
    EXPECT_EQ(style_hash_source(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
}

TEST(RenderHtmlTest, TextHunksCarryOldAndNewLineNumbers)
{
    diff::DiffReport r;
    auto e = modified("kerberos/saml/sp.xml", diff::Detail::text);
    e.kind = archive::EntryKind::xml;
    e.hunks.push_back({.old_start = 10,
                       .old_count = 3,
                       .new_start = 10,
                       .new_count = 3,
                       .lines = {{' ', "ctx"}, {'-', "gone"}, {'+', "come"}, {' ', "tail"}}});
    r.entries.push_back(e);
    const auto page = render_html(r, info());
    EXPECT_NE(page.find("@@ -10,3 +10,3 @@"), std::string::npos);
    EXPECT_NE(page.find("<td class=\"ln\">10</td><td class=\"ln\">10</td><td class=\"mk\"></td>"
                        "<td class=\"tx\">ctx</td>"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("<tr class=\"del\"><td class=\"ln\">11</td><td class=\"ln\"></td>"
                        "<td class=\"mk\" title=\"removed\">\u2212</td><td class=\"tx\">gone"),
              std::string::npos);
    EXPECT_NE(page.find("<tr class=\"add\"><td class=\"ln\"></td><td class=\"ln\">11</td>"
                        "<td class=\"mk\" title=\"added\">+</td><td class=\"tx\">come"),
              std::string::npos);
    EXPECT_NE(page.find("<td class=\"ln\">12</td><td class=\"ln\">12</td><td class=\"mk\">"
                        "</td><td class=\"tx\">tail"),
              std::string::npos);
}

TEST(RenderHtmlTest, TextHunksAlsoComeSideBySideWithMarkersAndEscapedText)
{
    diff::DiffReport r;
    auto e = modified("kerberos/saml/sp.xml", diff::Detail::text);
    e.kind = archive::EntryKind::xml;
    e.hunks.push_back({.old_start = 10,
                       .old_count = 2,
                       .new_start = 10,
                       .new_count = 1,
                       .lines = {{' ', "ctx"},
                                 {'-', "<a href=\"x\">gone</a>"},
                                 {'-', "</style>"},
                                 {'+', "come & go"}}});
    r.entries.push_back(e);
    const auto page = render_html(r, info());
    EXPECT_EQ(occurrences(page, "<table class=\"diff uni\">"), 1U);
    ASSERT_EQ(occurrences(page, "<table class=\"diff sbs\">"), 1U) << page;
    const auto sbs = page.substr(page.find("<table class=\"diff sbs\">"));
    EXPECT_NE(sbs.find("<th scope=\"col\">old text</th>"), std::string::npos);
    EXPECT_NE(sbs.find("<th scope=\"col\">new text</th>"), std::string::npos);
    EXPECT_NE(sbs.find("<tr class=\"hunk\"><td colspan=\"6\" class=\"tx\">@@ -10,2 +10,1 @@"),
              std::string::npos);
    EXPECT_NE(sbs.find("<tr><td class=\"ln\">10</td><td class=\"mk\"></td><td class=\"tx\">ctx"
                       "</td><td class=\"ln\">10</td><td class=\"mk\"></td><td class=\"tx\">ctx"
                       "</td></tr>"),
              std::string::npos)
        << sbs;
    EXPECT_NE(sbs.find("<tr><td class=\"ln del\">11</td><td class=\"mk del\" title=\"removed\">"
                       "\u2212</td><td class=\"tx del\">&lt;a href=&quot;x&quot;&gt;gone&lt;/a&gt;"
                       "</td><td class=\"ln add\">11</td><td class=\"mk add\" title=\"added\">+"
                       "</td><td class=\"tx add\">come &amp; go</td></tr>"),
              std::string::npos)
        << sbs;
    EXPECT_NE(sbs.find("<td class=\"tx del\">&lt;/style&gt;</td><td class=\"ln none\"></td>"
                       "<td class=\"mk none\"></td><td class=\"tx none\"></td></tr>"),
              std::string::npos)
        << sbs;
    EXPECT_EQ(occurrences(page, "</style>"), 1U);  // the page's own style element only
}

TEST(RenderHtmlTest, SizeFollowsTheChangesNotTheUnchangedEntries)
{
    auto few = hostile_report();
    auto many = few;
    many.unchanged = 5'000'000;
    many.crc_shortcuts = 5'000'000;
    const auto small = render_html(few, info()).size();
    const auto large = render_html(many, info()).size();
    EXPECT_LE(large, small + 16) << "only the count's digits may grow the page";
}

TEST(RenderHtmlTest, OneOpenSectionPerChangedEntryWithItsStatusInWords)
{
    diff::DiffReport r;
    diff::EntryDiff added;
    added.name = "kerberos/saml/azure/metadata.xml";
    added.status = EntryStatus::added;
    added.kind = archive::EntryKind::xml;
    added.new_size = 1234567;
    r.entries.push_back(added);
    auto keytab = modified("kerberos/http.keytab", diff::Detail::binary);
    keytab.kind = archive::EntryKind::binary;
    keytab.secret = true;
    keytab.old_fingerprint = "<redacted hmac:aaaaaaaaaaaa>";
    keytab.new_fingerprint = "<redacted hmac:bbbbbbbbbbbb>";
    r.entries.push_back(keytab);
    const auto page = render_html(r, info());
    EXPECT_EQ(occurrences(page, "<details open"), 2U);
    EXPECT_NE(page.find("+ added</span> <code>kerberos/saml/azure/metadata.xml</code>"),
              std::string::npos);
    EXPECT_NE(page.find("Only in the new snapshot: 1,234,567 B."), std::string::npos);
    EXPECT_NE(page.find("~ modified</span> <code>kerberos/http.keytab</code>"), std::string::npos);
    EXPECT_NE(page.find("&lt;redacted hmac:bbbbbbbbbbbb&gt;"), std::string::npos);
    EXPECT_NE(page.find("keyed fingerprint"), std::string::npos);
    EXPECT_NE(page.find("different: 1 added, 0 removed, 1 modified, 0 metadata differences; 0 "
                        "equal"),
              std::string::npos);
}

TEST(RenderHtmlTest, HeaderShowsBothSidesAndMarksTheFieldsThatDiffer)
{
    diff::DiffReport r;
    r.old_label = "a.zip";
    r.new_label = "b.zip";
    r.metadata.push_back({"pluginVersion", "6.1.0", "6.2.0", true});
    auto i = info();
    i.gate = GateView{.outcome = GateOutcome::refused,
                      .question = "Could b be restored?",
                      .message = "the archive was taken with Kantega SSO 6.2.0",
                      .findings = {{core::Severity::error, "plugin-version-mismatch", "", "m"}}};
    const auto page = render_html(r, i);
    EXPECT_NE(page.find("<tr class=\"chg\"><th scope=\"row\">Kantega SSO version <span "
                        "class=\"kind\">pluginVersion</span></th><td class=\"v old\">6.1.0</td>"
                        "<td class=\"v new\">6.2.0</td><td>\u2260 differs</td></tr>"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("<tr><th scope=\"row\">base URL <span class=\"kind\">baseUrl</span></th>"
                        "<td class=\"v\">https://jira.example.test</td>"),
              std::string::npos);
    EXPECT_NE(page.find("\u2717 refused: the archive was taken with Kantega SSO 6.2.0"),
              std::string::npos);
    EXPECT_NE(page.find("<code>plugin-version-mismatch</code>"), std::string::npos);
}

TEST(RenderHtmlTest, RiskClassesShowInTheSummaryAndOnTheirEntries)
{
    auto r = hostile_report();
    r.entries.push_back(modified("settings.json", diff::Detail::json));
    auto i = info();
    i.risks.push_back({"settings.json", "high", "login redirect changed"});
    const auto page = render_html(r, i);
    EXPECT_NE(page.find("<caption>Changed entries by risk class</caption>"), std::string::npos);
    EXPECT_NE(page.find("<th scope=\"row\">high</th><td class=\"n\">1</td>"), std::string::npos);
    EXPECT_NE(page.find("<th scope=\"row\">(not classed)</th><td class=\"n\">1</td>"),
              std::string::npos);
    EXPECT_NE(page.find("risk: <strong>high</strong> \u2014 login redirect changed"),
              std::string::npos);
    EXPECT_EQ(render_html(r, info()).find("risk class"), std::string::npos);
}

TEST(RenderHtmlTest, ByteCountsHaveThousandsSeparators)
{
    EXPECT_EQ(byte_count(0), "0 B");
    EXPECT_EQ(byte_count(999), "999 B");
    EXPECT_EQ(byte_count(1000), "1,000 B");
    EXPECT_EQ(byte_count(41943040), "41,943,040 B");
}

}  // namespace
}  // namespace ssosnap::report
