#include "metadata/snapshot.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::metadata;

namespace
{
constexpr const char* k_record = R"({
  "applicationName": "JIRA", "applicationVersion": "8.16.1", "pluginVersion": "5.2.1-SNAPSHOT",
  "baseUrl": "https://jira.example.test/jira", "timeMillis": 1641298623998, "description": "test",
  "filename": "sso-snapshot-2022-01-04-13_17_04.zip", "id": "sso-snapshot-2022-01-04-13_17_04",
  "readable": true })";
}

TEST(SnapshotTest, ParsesTheDocumentedRecord)
{
    auto r = parse_snapshot_record(k_record);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->meta.application_name, "JIRA");
    EXPECT_EQ(r->meta.plugin_version, "5.2.1-SNAPSHOT");
    EXPECT_EQ(r->meta.time_millis, 1641298623998);
    EXPECT_EQ(r->id, "sso-snapshot-2022-01-04-13_17_04");
    EXPECT_TRUE(r->readable);
}

TEST(SnapshotTest, KeepsUnknownFieldsAcrossRoundTrip)
{
    auto m = parse_snapshot_meta(
        R"({"applicationName":"JIRA","pluginVersion":"6.0","futureField":[1,2]})");
    ASSERT_TRUE(m);
    auto again = parse_snapshot_meta(to_json(*m));
    ASSERT_TRUE(again);
    EXPECT_NE(to_json(*again).find("\"futureField\""), std::string::npos);
}

TEST(SnapshotTest, RejectsWrongTypesAbsurdTimesAndNonObjects)
{
    for (const char* bad :
         {R"({"applicationName": 5})", R"({"timeMillis": "x"})", R"({"timeMillis": -1})",
          R"({"timeMillis": 99999999999999999})", "[1]", "not json", ""}) {
        auto m = parse_snapshot_meta(bad);
        ASSERT_FALSE(m) << bad;
        EXPECT_EQ(m.error().id, "metadata-invalid") << bad;
    }
}

TEST(SnapshotTest, RefusesHostileNestingBeforeParsing)
{
    // Found by fixtures/invalid/metadata-deep-nesting.zip: an unknown field nested 100,000 deep
    // overflowed the stack when the kept extra fields were printed.
    std::string deep = R"({"applicationName":"JIRA","x":)" + std::string(100000, '[') +
                       std::string(100000, ']') + "}";
    auto m = parse_snapshot_meta(deep);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().id, "metadata-invalid");
    EXPECT_FALSE(looks_like_snapshot_meta(deep));
}

TEST(SnapshotTest, AcceptsUtf8Bom)
{
    auto m = parse_snapshot_meta("\xEF\xBB\xBF{\"applicationName\":\"CONFLUENCE\"}");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->application_name, "CONFLUENCE");
}

namespace
{
std::string list_of(const std::string& id, const std::string& filename)
{
    return R"([{"applicationName":"JIRA","pluginVersion":"5.2.1","id":")" + id +
           R"(","filename":")" + filename + R"("}])";
}
}  // namespace

TEST(SnapshotListTest, RefusesIdsThatAreNotTheDocumentedForm)
{
    for (const std::string id :
         {"../../escaped-by-id", "/etc/escaped", "../sso-snapshot-2022-01-04-13_17_04",
          "sso-snapshot-2022-01-04-13_17_04/..", "", "sso-snapshot-\\u001b]0;x"}) {
        auto r = parse_snapshot_list(list_of(id, id + ".zip"));
        ASSERT_FALSE(r) << id;
        EXPECT_EQ(r.error().code, ssosnap::core::Errc::remote);
        EXPECT_EQ(r.error().id, "bad-id") << id;
    }
    auto r = parse_snapshot_list(list_of("sso-snapshot-\\u001b]0;x", "a.zip"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(R"('sso-snapshot-\x1b]0;x')"), std::string::npos)
        << r.error().message;
}

TEST(SnapshotListTest, RefusesAFileNameThatIsNotTheIdDotZip)
{
    auto r = parse_snapshot_list(
        list_of("sso-snapshot-2022-01-04-13_17_04", "../sso-snapshot-2022-01-04-13_17_04.zip"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "bad-id");
}

TEST(SnapshotListTest, FillsAMissingFileNameOrIdFromTheOther)
{
    auto r = parse_snapshot_list(R"([{"id":"sso-snapshot-2022-01-04-13_17_04"},)"
                                 R"({"filename":"sso-snapshot-2022-01-04-13_17_05.zip"}])");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)[0].filename, "sso-snapshot-2022-01-04-13_17_04.zip");
    EXPECT_EQ((*r)[1].id, "sso-snapshot-2022-01-04-13_17_05");
}

TEST(SnapshotListTest, RefusesHostileNestingBeforeParsing)
{
    auto r = parse_snapshot_list(std::string(100000, '[') + std::string(100000, ']'));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ssosnap::core::Errc::remote);
    EXPECT_NE(r.error().message.find("nested too deeply"), std::string::npos);
}
