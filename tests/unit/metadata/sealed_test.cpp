#include "metadata/sealed.hpp"

#include <gtest/gtest.h>

using namespace ssosnap;

TEST(SealedTest, RoundTripsKnownFieldsAndDropsUnknownOnes)
{
    metadata::SealedMeta s;
    s.archive = "sso-snapshot-2022-01-04-13_17_04.zip";
    s.sha256 = std::string(64, 'a');
    s.bytes = 1234;
    s.entries = 7;
    metadata::SnapshotMeta m;
    m.application_name = "JIRA";
    m.plugin_version = "6.1.0";
    m.base_url = "https://jira.example.test";
    m.time_millis = 1641302224000;
    m.description = "nightly";
    m.extra_json = R"({"bindPassword":"hunter2"})";  // whatever it is, it stays inside
    s.meta = m;
    const auto text = metadata::to_json(s);
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    auto back = metadata::parse_sealed_meta(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->archive, s.archive);
    EXPECT_EQ(back->sha256, s.sha256);
    EXPECT_EQ(back->bytes, 1234u);
    EXPECT_EQ(back->entries, 7u);
    ASSERT_TRUE(back->meta);
    EXPECT_EQ(back->meta->application_name, "JIRA");
    EXPECT_EQ(back->meta->time_millis, m.time_millis);
    EXPECT_EQ(back->meta->extra_json, "{}");
}

TEST(SealedTest, RejectsAnotherFormat)
{
    auto bad = metadata::parse_sealed_meta(R"({"format":"other","archive":"a.zip"})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().id, "sealed-invalid");
    EXPECT_FALSE(metadata::parse_sealed_meta("[1,2]"));
    EXPECT_FALSE(metadata::parse_sealed_meta(R"({"format":"ssosnap-age-sidecar/1","archive":"a",
        "sha256":"short","bytes":1,"entries":1})"));
}
