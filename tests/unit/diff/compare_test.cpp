#include "diff/compare.hpp"

#include "fake_snapshot.hpp"

#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

using test::make_snapshot;

const EntryDiff* find(const DiffReport& r, const std::string& name)
{
    for (const auto& e : r.entries)
        if (e.name == name) return &e;
    return nullptr;
}

DiffReport compare_ok(const Snapshot& a, const Snapshot& b, const CompareOptions& options = {})
{
    auto r = compare(a, b, options);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : DiffReport{};
}

TEST(CompareTest, IdenticalSnapshotsAreSameWithoutInflatingAnything)
{
    auto a = make_snapshot("a.zip", {{"settings.json", "{}"}, {"kerberos/x.xml", "<x/>"}});
    auto b = make_snapshot("a.zip", {{"kerberos/x.xml", "<x/>"}, {"settings.json", "{}"}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    EXPECT_FALSE(r.differs());
    EXPECT_EQ(r.unchanged, 2U);
    EXPECT_EQ(r.crc_shortcuts, 2U);
    EXPECT_TRUE(a.reads->empty());
    EXPECT_TRUE(b.reads->empty());
}

TEST(CompareTest, AddedRemovedAndModifiedEntriesInNameOrder)
{
    auto a = make_snapshot("a.zip", {{"b.txt", "1\n"}, {"c.txt", "same\n"}, {"d.txt", "x\n"}});
    auto b = make_snapshot("b.zip", {{"a.txt", "new\n"}, {"b.txt", "2\n"}, {"c.txt", "same\n"}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    ASSERT_EQ(r.entries.size(), 3U);
    EXPECT_EQ(r.entries[0].name, "a.txt");
    EXPECT_EQ(r.entries[0].status, EntryStatus::added);
    EXPECT_EQ(r.entries[1].name, "b.txt");
    EXPECT_EQ(r.entries[1].status, EntryStatus::modified);
    EXPECT_EQ(r.entries[1].detail, Detail::text);
    EXPECT_EQ(r.entries[2].status, EntryStatus::removed);
    EXPECT_EQ(r.unchanged, 1U);
    EXPECT_EQ(*a.reads, std::vector<std::string>{"b.txt"});  // only the changed one
}

TEST(CompareTest, EqualSizeAndCrcAreTrustedUnlessParanoid)
{
    auto a = make_snapshot("a.zip", {{"x.bin", std::string("A\0AA", 4)}});
    auto b = make_snapshot("b.zip", {{"x.bin", std::string("B\0BB", 4)}});
    b.snapshot.entries[0].crc32 = a.snapshot.entries[0].crc32;  // a forged collision
    auto trusting = compare_ok(a.snapshot, b.snapshot);
    EXPECT_FALSE(trusting.differs());
    EXPECT_EQ(trusting.crc_shortcuts, 1U);
    EXPECT_TRUE(b.reads->empty());

    CompareOptions paranoid;
    paranoid.paranoid = true;
    auto careful = compare_ok(a.snapshot, b.snapshot, paranoid);
    ASSERT_EQ(careful.entries.size(), 1U);
    EXPECT_EQ(careful.entries[0].detail, Detail::binary);
    EXPECT_EQ(careful.crc_shortcuts, 0U);
}

TEST(CompareTest, MetadataOnlyDifferencesDoNotCount)
{
    auto meta = test::jira_meta();
    meta.time_millis = 1700000000000;
    meta.description = "other";
    auto a = make_snapshot("sso-snapshot-2022-01-04-13_17_04.zip", {{"s.json", "{}"}});
    auto b = make_snapshot("sso-snapshot-2023-11-14-23_13_20.zip", {{"s.json", "{}"}}, meta);
    auto r = compare_ok(a.snapshot, b.snapshot);
    EXPECT_FALSE(r.differs());
    EXPECT_EQ(r.metadata.size(), 3U);  // timeMillis, description, file
    for (const auto& m : r.metadata)
        EXPECT_FALSE(m.counts) << m.field;
}

TEST(CompareTest, ProductVersionsAndBaseUrlCount)
{
    auto meta = test::jira_meta();
    meta.plugin_version = "6.2.0";
    meta.base_url = "https://staging.example.test";
    auto a = make_snapshot("a.zip", {});
    auto b = make_snapshot("a.zip", {}, meta);
    auto r = compare_ok(a.snapshot, b.snapshot);
    EXPECT_TRUE(r.differs());
    ASSERT_EQ(r.metadata.size(), 2U);
    EXPECT_EQ(r.metadata[0].field, "pluginVersion");
    EXPECT_TRUE(r.metadata[0].counts);
    EXPECT_EQ(r.metadata[1].field, "baseUrl");
    EXPECT_EQ(r.counting_metadata(), 2U);
}

TEST(CompareTest, MissingMetadataOnOneSideCounts)
{
    auto r = compare_ok(make_snapshot("a.zip", {}).snapshot,
                        make_snapshot("a.zip", {}, std::nullopt).snapshot);
    EXPECT_TRUE(r.differs());
}

TEST(CompareTest, MetadataEntryAndDirectoriesAreNotComparedAsEntries)
{
    auto a = make_snapshot("a.zip", {{"metadata.json", R"({"timeMillis":1})"}, {"kerberos/", ""}});
    auto b = make_snapshot("a.zip", {{"metadata.json", R"({"timeMillis":2})"}});
    a.snapshot.meta_entry = "metadata.json";
    b.snapshot.meta_entry = "metadata.json";
    auto r = compare_ok(a.snapshot, b.snapshot);
    EXPECT_TRUE(r.entries.empty());
}

TEST(CompareTest, IgnoredEntriesAreSkippedAndCounted)
{
    auto a = make_snapshot("a.zip", {{"kerberos/a.bak", "1"}, {"x.txt", "1"}});
    auto b = make_snapshot("a.zip", {{"kerberos/a.bak", "2"}, {"x.txt", "1"}, {"new.bak", "3"}});
    CompareOptions options;
    options.ignore = {"*.bak"};
    auto r = compare_ok(a.snapshot, b.snapshot, options);
    EXPECT_FALSE(r.differs());
    EXPECT_EQ(r.ignored, 3U);
}

TEST(CompareTest, BriefDoesNotInflateEntriesWhoseHeadersDiffer)
{
    auto a = make_snapshot("a.zip", {{"s.json", R"({"a":1})"}});
    auto b = make_snapshot("a.zip", {{"s.json", R"({"a":2})"}});
    CompareOptions options;
    options.brief = true;
    auto r = compare_ok(a.snapshot, b.snapshot, options);
    ASSERT_EQ(r.entries.size(), 1U);
    EXPECT_EQ(r.entries[0].detail, Detail::none);
    EXPECT_TRUE(a.reads->empty());
}

TEST(CompareTest, EntriesAreComparedByKind)
{
    auto a = make_snapshot("a.zip", {{"s.json", R"({"a":1})"},
                                     {"c.properties", "k=1\n"},
                                     {"m.xml", "<a>\n<b/>\n</a>\n"},
                                     {"logo.png", std::string("\x89PNG\0\1", 6)}});
    auto b = make_snapshot("a.zip", {{"s.json", R"({"a":2})"},
                                     {"c.properties", "k=2\n"},
                                     {"m.xml", "<a>\n<c/>\n</a>\n"},
                                     {"logo.png", std::string("\x89PNG\0\2", 6)}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    EXPECT_EQ(find(r, "s.json")->detail, Detail::json);
    EXPECT_EQ(find(r, "s.json")->json.size(), 1U);
    EXPECT_EQ(find(r, "c.properties")->detail, Detail::properties);
    EXPECT_EQ(find(r, "m.xml")->detail, Detail::text);
    EXPECT_EQ(find(r, "m.xml")->hunks.size(), 1U);
    const auto* png = find(r, "logo.png");
    EXPECT_EQ(png->detail, Detail::binary);
    EXPECT_EQ(png->old_fingerprint.rfind("sha256:", 0), 0U);
    EXPECT_NE(png->old_fingerprint, png->new_fingerprint);
    EXPECT_FALSE(png->secret);
}

TEST(CompareTest, ReformattedJsonIsModifiedButLayoutOnly)
{
    auto a = make_snapshot("a.zip", {{"s.json", R"({"a":1,"b":2})"}});
    auto b = make_snapshot("a.zip", {{"s.json", "{\n  \"b\": 2,\n  \"a\": 1\n}\n"}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    ASSERT_EQ(r.entries.size(), 1U);
    EXPECT_TRUE(r.entries[0].layout_only);
    EXPECT_TRUE(r.differs());
}

TEST(CompareTest, ChangedKeytabShowsOnlyRedactedFingerprints)
{
    auto a = make_snapshot("a.zip", {{"kerberos/http.keytab", std::string("\x05\x02OLDKEY", 8)}});
    auto b = make_snapshot("a.zip", {{"kerberos/http.keytab", std::string("\x05\x02NEWKEY!", 9)}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    ASSERT_EQ(r.entries.size(), 1U);
    const auto& e = r.entries[0];
    EXPECT_TRUE(e.secret);
    EXPECT_EQ(e.detail, Detail::binary);
    EXPECT_EQ(e.old_fingerprint.rfind("<redacted hmac:", 0), 0U);
    EXPECT_NE(e.old_fingerprint, e.new_fingerprint);
    EXPECT_EQ(*e.old_size, 8U);
    EXPECT_EQ(*e.new_size, 9U);
}

TEST(CompareTest, SecretNamedFilesAndBase64KeysAreSecretFiles)
{
    const std::string b64_pem =
        "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktnd2dn"
        "U2tBZ0VBQW9JQkFRQwotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==\n";
    auto a = make_snapshot("a.zip", {{"kerberos/oidc/okta/client_secret", "cs-OLD\n"},
                                     {"kerberos/sp.pem.b64", b64_pem}});
    auto b = make_snapshot("b.zip", {{"kerberos/oidc/okta/client_secret", "cs-NEW\n"},
                                     {"kerberos/sp.pem.b64", b64_pem + "\n"}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    ASSERT_EQ(r.entries.size(), 2U);
    for (const auto& e : r.entries) {
        EXPECT_TRUE(e.secret) << e.name;
        EXPECT_EQ(e.detail, Detail::binary) << e.name;
        EXPECT_EQ(e.new_fingerprint.rfind("<redacted hmac:", 0), 0U) << e.name;
    }
}

TEST(CompareTest, YamlAndXmlSecretsInTextEntriesAreRedactedInHunks)
{
    auto a = make_snapshot("a.zip", {{"app.yml", "client_secret: y-OLD\nname: app\n"},
                                     {"sp.xml", "<sp><clientSecret>x-OLD</clientSecret></sp>\n"}});
    auto b = make_snapshot("b.zip", {{"app.yml", "client_secret: y-NEW\nname: app\n"},
                                     {"sp.xml", "<sp><clientSecret>x-NEW</clientSecret></sp>\n"}});
    auto r = compare_ok(a.snapshot, b.snapshot);
    ASSERT_EQ(r.entries.size(), 2U);
    for (const auto& e : r.entries) {
        ASSERT_EQ(e.detail, Detail::text) << e.name;
        std::string all;
        for (const auto& h : e.hunks)
            for (const auto& l : h.lines)
                all += l.text + "\n";
        EXPECT_EQ(all.find("-OLD"), std::string::npos) << all;
        EXPECT_EQ(all.find("-NEW"), std::string::npos) << all;
        EXPECT_NE(all.find("<redacted hmac:"), std::string::npos) << all;
    }
}

TEST(CompareTest, UnreadableEntryFailsWithContext)
{
    auto a = make_snapshot("a.zip", {{"x.txt", "1"}});
    auto b = make_snapshot("b.zip", {{"x.txt", "2"}});
    b.snapshot.read = [](std::size_t) -> core::Result<std::string> {
        return core::fail(core::Errc::input, "crc mismatch", "crc-mismatch");
    };
    auto r = compare(a.snapshot, b.snapshot, {});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, core::Errc::input);
    EXPECT_NE(r.error().message.find("'x.txt'"), std::string::npos);
    EXPECT_NE(r.error().message.find("'b.zip'"), std::string::npos);
}

}  // namespace
}  // namespace ssosnap::diff
