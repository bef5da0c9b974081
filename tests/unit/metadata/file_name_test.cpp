#include "metadata/file_name.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::metadata;

TEST(FileNameTest, ParsesVendorExampleWithAndWithoutZip)
{
    auto t = parse_snapshot_name("sso-snapshot-2022-01-04-13_17_04.zip");
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, (NameTime{2022, 1, 4, 13, 17, 4}));
    EXPECT_EQ(parse_snapshot_name("dir/sso-snapshot-2022-01-04-13_17_04"), t);
    EXPECT_EQ(snapshot_file_name(*t), "sso-snapshot-2022-01-04-13_17_04.zip");
}

TEST(FileNameTest, RejectsImpossibleDatesAndWrongSeparators)
{
    EXPECT_FALSE(parse_snapshot_name("sso-snapshot-2022-02-30-13_17_04.zip"));
    EXPECT_FALSE(parse_snapshot_name("sso-snapshot-2022-01-04-24_00_00.zip"));
    EXPECT_FALSE(parse_snapshot_name("sso-snapshot-2022-01-04-13-17-04.zip"));
    EXPECT_FALSE(parse_snapshot_name("sso-snapshot-2022-01-04-13_17_4.zip"));
    EXPECT_FALSE(parse_snapshot_name("backup.zip"));
    EXPECT_TRUE(parse_snapshot_name("sso-snapshot-2024-02-29-00_00_00"));
}

TEST(FileNameTest, IsSnapshotIdAcceptsOnlyTheExactForm)
{
    EXPECT_TRUE(is_snapshot_id("sso-snapshot-2022-01-04-13_17_04"));
    EXPECT_FALSE(is_snapshot_id("sso-snapshot-2022-01-04-13_17_04.zip"));
    EXPECT_FALSE(is_snapshot_id("../../sso-snapshot-2022-01-04-13_17_04"));
    EXPECT_FALSE(is_snapshot_id("/tmp/sso-snapshot-2022-01-04-13_17_04"));
    EXPECT_FALSE(is_snapshot_id("../../escaped-by-id"));
    EXPECT_FALSE(is_snapshot_id("sso-snapshot-2022-02-30-13_17_04"));
    EXPECT_FALSE(is_snapshot_id(""));
    EXPECT_FALSE(is_snapshot_id(std::string("sso-snapshot-2022-01-04-13_17_04\0x", 34)));
}
