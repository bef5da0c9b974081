#include "metadata/validate.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::metadata;
using ssosnap::core::Finding;
using ssosnap::core::Severity;

namespace
{
SnapshotMeta vendor_meta()
{
    SnapshotMeta m;
    m.application_name = "JIRA";
    m.application_version = "8.16.1";
    m.plugin_version = "5.2.1-SNAPSHOT";
    m.base_url = "https://jira.example.test/jira";
    m.time_millis = 1641298623998;
    m.description = "test";
    return m;
}

ValidateInput input_for(const SnapshotMeta& meta)
{
    ValidateInput in;
    in.meta = meta;
    in.name_time = NameTime{2022, 1, 4, 13, 17, 4};
    in.target = target_from(meta);
    return in;
}

ValidateReport run(const ValidateInput& in)
{
    auto r = validate_snapshot(in);
    EXPECT_TRUE(r.has_value());
    return r.has_value() ? *r : ValidateReport{};
}

std::vector<std::string> codes(const ValidateReport& r)
{
    std::vector<std::string> out;
    for (const auto& f : r.findings)
        out.push_back(f.code);
    return out;
}

const Finding* find(const ValidateReport& r, const std::string& code)
{
    for (const auto& f : r.findings) {
        if (f.code == code) return &f;
    }
    return nullptr;
}
}  // namespace

TEST(ValidateTest, SameServerIsCompatible)
{
    auto r = run(input_for(vendor_meta()));
    EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
    EXPECT_EQ(r.verdict, Verdict::compatible);
    EXPECT_STREQ(verdict_name(r.verdict), "compatible");
    ASSERT_TRUE(r.time);
    EXPECT_EQ(r.time->implied_offset_minutes, 60);
    EXPECT_TRUE(passes(r, Strict::yes));
}

TEST(ValidateTest, OtherProductIsIncompatibleButCaseDoesNotMatter)
{
    auto in = input_for(vendor_meta());
    in.target.app = "jira";
    EXPECT_EQ(run(in).verdict, Verdict::compatible);
    in.target.app = "Confluence";
    auto r = run(in);
    EXPECT_EQ(codes(r), std::vector<std::string>{"app-mismatch"});
    EXPECT_EQ(r.findings[0].severity, Severity::error);
    EXPECT_EQ(r.verdict, Verdict::incompatible);
    EXPECT_FALSE(passes(r, Strict::no));
}

TEST(ValidateTest, PluginVersionMismatchSaysOlderOrNewer)
{
    auto in = input_for(vendor_meta());
    in.target.plugin_version = "5.2.1";  // SNAPSHOT sorts before the release
    auto older = run(in);
    ASSERT_NE(find(older, "plugin-version-mismatch"), nullptr);
    EXPECT_EQ(find(older, "plugin-version-mismatch")->severity, Severity::error);
    EXPECT_NE(find(older, "plugin-version-mismatch")->message.find("older"), std::string::npos);
    EXPECT_EQ(older.verdict, Verdict::incompatible);

    in.target.plugin_version = "5.2.0";
    auto newer = run(in);
    EXPECT_NE(find(newer, "plugin-version-mismatch")->message.find("newer"), std::string::npos);
}

TEST(ValidateTest, MavenEqualPluginVersionsMatch)
{
    auto meta = vendor_meta();
    meta.plugin_version = "6.1.0";
    auto in = input_for(meta);
    in.target.plugin_version = "6.1";
    EXPECT_EQ(run(in).verdict, Verdict::compatible);
}

TEST(ValidateTest, AppVersionDifferenceIsAWarningThatStrictFails)
{
    auto in = input_for(vendor_meta());
    in.target.app_version = "9.4.0";
    auto r = run(in);
    EXPECT_EQ(codes(r), std::vector<std::string>{"app-version-differs"});
    EXPECT_EQ(r.findings[0].severity, Severity::warning);
    EXPECT_NE(r.findings[0].message.find("JIRA 8.16.1, older"), std::string::npos);
    EXPECT_EQ(r.verdict, Verdict::compatible_with_warnings);
    EXPECT_STREQ(verdict_name(r.verdict), "compatible-with-warnings");
    EXPECT_TRUE(passes(r, Strict::no));
    EXPECT_FALSE(passes(r, Strict::yes));
}

TEST(ValidateTest, BaseUrlDifferenceNamesEveryEntryHoldingTheOldUrl)
{
    auto in = input_for(vendor_meta());
    in.target.base_url = "https://jira2.example.test/jira";
    in.base_url_entries = {"kerberos/saml/idp1.json", "settings.json"};
    auto r = run(in);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"base-url-differs", "base-url-differs",
                                                  "base-url-differs"}));
    EXPECT_EQ(r.findings[0].path, "");
    EXPECT_NE(r.findings[0].message.find("2 entries"), std::string::npos);
    EXPECT_EQ(r.findings[1].path, "kerberos/saml/idp1.json");
    EXPECT_EQ(r.findings[2].path, "settings.json");
    EXPECT_EQ(r.verdict, Verdict::compatible_with_warnings);
}

TEST(ValidateTest, BaseUrlComparisonIgnoresTrailingSlashCaseOfHostAndDefaultPort)
{
    EXPECT_TRUE(
        same_base_url("https://jira.example.test/jira", "HTTPS://Jira.Example.test:443/jira/"));
    EXPECT_TRUE(same_base_url("http://a.example.test:80", "http://a.example.test/"));
    EXPECT_FALSE(same_base_url("https://a.example.test/jira", "https://a.example.test/JIRA"));
    EXPECT_FALSE(same_base_url("https://a.example.test:8443", "https://a.example.test"));
    EXPECT_FALSE(same_base_url("http://a.example.test", "https://a.example.test"));
}

TEST(ValidateTest, NameTimeThatFitsNoOffsetIsAWarning)
{
    auto in = input_for(vendor_meta());
    in.name_time = NameTime{2022, 1, 4, 13, 24, 4};
    auto r = run(in);
    EXPECT_EQ(codes(r), std::vector<std::string>{"time-name-mismatch"});
    EXPECT_EQ(r.findings[0].severity, Severity::warning);
    ASSERT_TRUE(r.time);
    EXPECT_FALSE(r.time->consistent);
}

TEST(ValidateTest, ZoneDecidesTheNameTime)
{
    auto in = input_for(vendor_meta());
    in.zone = "Europe/Oslo";
    EXPECT_EQ(run(in).verdict, Verdict::compatible);
    in.zone = "Asia/Kolkata";
    EXPECT_EQ(codes(run(in)), std::vector<std::string>{"time-name-mismatch"});
    in.zone = "Mars/Olympus";
    auto bad = validate_snapshot(in);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().id, "unknown-zone");
}

TEST(ValidateTest, MissingMetadataIsOneWarning)
{
    ValidateInput in;
    in.name_time = NameTime{2022, 1, 4, 13, 17, 4};
    in.target.plugin_version = "6.0.0";
    auto r = run(in);
    EXPECT_EQ(codes(r), std::vector<std::string>{"metadata-missing"});
    EXPECT_EQ(r.verdict, Verdict::compatible_with_warnings);

    in.prior = {{Severity::warning, "metadata-missing", "", "no metadata found"}};
    EXPECT_EQ(codes(run(in)), std::vector<std::string>{"metadata-missing"});
    in.prior = {{Severity::error, "metadata-invalid", "metadata.json", "not JSON"}};
    auto invalid = run(in);
    EXPECT_EQ(codes(invalid), std::vector<std::string>{"metadata-invalid"});
    EXPECT_EQ(invalid.verdict, Verdict::incompatible);
}

TEST(ValidateTest, EmptyFieldsAGateNeedsAreReported)
{
    auto meta = vendor_meta();
    meta.application_name.clear();
    meta.plugin_version.clear();
    auto in = input_for(vendor_meta());
    in.meta = meta;
    auto r = run(in);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"metadata-missing", "metadata-missing"}));
}

TEST(ValidateTest, PriorErrorsMakeItIncompatible)
{
    auto in = input_for(vendor_meta());
    in.prior = {{Severity::error, "crc-mismatch", "settings.json", "CRC-32 differs"}};
    auto r = run(in);
    EXPECT_EQ(codes(r), std::vector<std::string>{"crc-mismatch"});
    EXPECT_EQ(r.verdict, Verdict::incompatible);
}

TEST(ValidateTest, UpgradeBackupIsInfoWithBothVersions)
{
    auto meta = vendor_meta();
    meta.description = "Backup before upgrade of config from version 5.2.0 to 5.2.1-SNAPSHOT";
    auto r = run(input_for(meta));
    EXPECT_EQ(codes(r), std::vector<std::string>{"upgrade-backup"});
    EXPECT_EQ(r.findings[0].severity, Severity::info);
    EXPECT_EQ(r.verdict, Verdict::compatible);
    ASSERT_TRUE(r.upgrade);
    EXPECT_EQ(r.upgrade->from_version, "5.2.0");
    EXPECT_EQ(r.upgrade->to_version, "5.2.1-SNAPSHOT");
    EXPECT_TRUE(passes(r, Strict::yes));
}

TEST(ValidateTest, ParsesUpgradeFromUnknownVersion)
{
    auto u = parse_upgrade_description(
        "Backup before upgrade of config from version [unknown version] to 6.7.1");
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->from_unknown);
    EXPECT_EQ(u->from_version, "[unknown version]");
    EXPECT_EQ(u->to_version, "6.7.1");
    EXPECT_FALSE(parse_upgrade_description("test"));
    EXPECT_FALSE(parse_upgrade_description("Backup before upgrade of config from version 5"));
    EXPECT_FALSE(parse_upgrade_description("nightly backup before upgrade of config"));
}

TEST(ValidateTest, TargetFromAnotherSnapshotSkipsEmptyFields)
{
    auto meta = vendor_meta();
    meta.base_url.clear();
    auto t = target_from(meta);
    EXPECT_EQ(t.app, "JIRA");
    EXPECT_EQ(t.plugin_version, "5.2.1-SNAPSHOT");
    EXPECT_FALSE(t.base_url);
    EXPECT_FALSE(is_empty(t));
    EXPECT_TRUE(is_empty(Target{}));
}
