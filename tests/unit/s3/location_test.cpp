#include "s3/location.hpp"

#include <gtest/gtest.h>

namespace ssosnap::s3
{
namespace
{

TEST(Location, ParsesBucketAndKey)
{
    auto loc = parse_location("s3://dr-backups/jira/sso-snapshot-2026-12-01-10_00_00.zip");
    ASSERT_TRUE(loc) << loc.error().message;
    EXPECT_EQ(loc->bucket, "dr-backups");
    EXPECT_EQ(loc->key, "jira/sso-snapshot-2026-12-01-10_00_00.zip");
    EXPECT_FALSE(loc->is_folder());
    EXPECT_EQ(loc->file_name(), "sso-snapshot-2026-12-01-10_00_00.zip");
    EXPECT_EQ(loc->text(), "s3://dr-backups/jira/sso-snapshot-2026-12-01-10_00_00.zip");
}

TEST(Location, FoldersEndInASlashOrAreTheBucket)
{
    auto folder = parse_location("s3://dr-backups/jira/");
    ASSERT_TRUE(folder);
    EXPECT_TRUE(folder->is_folder());
    EXPECT_EQ(folder->child("a.zip").key, "jira/a.zip");
    auto bucket = parse_location("s3://dr-backups");
    ASSERT_TRUE(bucket);
    EXPECT_TRUE(bucket->is_folder());
    EXPECT_EQ(bucket->child("a.zip").key, "a.zip");
}

TEST(Location, RefusesWhatS3OrAFileSystemWouldNot)
{
    for (const char* bad :
         {"s3://ab/x", "s3://Upper/x", "s3://-lead/x", "http://b/x", "s3://bucket/a//b",
          "s3://bucket/../x", "s3://bucket/a/./b", "s3://bucket/a\nb"}) {
        auto loc = parse_location(bad);
        ASSERT_FALSE(loc) << bad;
        EXPECT_EQ(loc.error().id, "s3-location") << bad;
        EXPECT_EQ(loc.error().code, core::Errc::usage);
    }
    EXPECT_FALSE(parse_location("s3://bucket/" + std::string(1025, 'k')));
}

TEST(Location, SafeFileNames)
{
    EXPECT_TRUE(is_safe_file_name("sso-snapshot-2026-12-01-10_00_00.zip"));
    for (const char* bad : {"", ".", "..", "a/b", "a\x01"})
        EXPECT_FALSE(is_safe_file_name(bad)) << bad;
    EXPECT_FALSE(is_safe_file_name(std::string(256, 'a')));
}

}  // namespace
}  // namespace ssosnap::s3
