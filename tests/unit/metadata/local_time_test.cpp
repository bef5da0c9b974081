#include "metadata/local_time.hpp"

#include <gtest/gtest.h>

using namespace ssosnap;
using metadata::local_name_time;

TEST(LocalTimeTest, VendorExampleInOsloGivesTheNameTimeFloored)
{
    // 1641298623998 ms = 2022-01-04T12:17:03.998Z; Oslo is UTC+1 in January.
    auto t = local_name_time(1641298623998, std::string("Europe/Oslo"));
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(metadata::snapshot_file_name(*t), "sso-snapshot-2022-01-04-13_17_03.zip");
}

TEST(LocalTimeTest, FollowsDaylightSavingAndOddOffsets)
{
    // 2022-07-01T00:00:00Z: Oslo UTC+2 (summer), Kathmandu UTC+5:45, St John's UTC-2:30.
    constexpr std::int64_t k_july = 1656633600000;
    EXPECT_EQ(metadata::to_iso_local(local_name_time(k_july, std::string("Europe/Oslo")).value()),
              "2022-07-01T02:00:00");
    EXPECT_EQ(
        metadata::to_iso_local(local_name_time(k_july, std::string("Asia/Kathmandu")).value()),
        "2022-07-01T05:45:00");
    EXPECT_EQ(
        metadata::to_iso_local(local_name_time(k_july, std::string("America/St_Johns")).value()),
        "2022-06-30T21:30:00");
    EXPECT_EQ(metadata::to_iso_local(local_name_time(k_july, std::string("UTC")).value()),
              "2022-07-01T00:00:00");
}

TEST(LocalTimeTest, RejectsUnknownZonesAsUsageErrors)
{
    auto t = local_name_time(0, std::string("Mars/Olympus_Mons"));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, core::Errc::usage);
    EXPECT_EQ(t.error().id, "unknown-zone");
}

TEST(LocalTimeTest, RejectsTimesOutOfRange)
{
    EXPECT_FALSE(local_name_time(-1, std::string("UTC")));
}

TEST(LocalTimeTest, FormatsUtcWithMilliseconds)
{
    EXPECT_EQ(metadata::utc_iso(1641298623998), "2022-01-04T12:17:03.998Z");
    EXPECT_EQ(metadata::utc_iso(0), "1970-01-01T00:00:00.000Z");
}

TEST(LocalTimeTest, ParsesUtcTimesOfTheCommandLine)
{
    using ssosnap::metadata::parse_utc_time;
    EXPECT_EQ(parse_utc_time("2023-11-14"), 1699920000000);
    EXPECT_EQ(parse_utc_time("2023-11-14T22:13"), 1700000000000 - 20000);
    EXPECT_EQ(parse_utc_time("2023-11-14T22:13:20Z"), 1700000000000);
    EXPECT_EQ(parse_utc_time("2023-11-14 22:13:20"), 1700000000000);
    EXPECT_FALSE(parse_utc_time("2023-02-30"));
    EXPECT_FALSE(parse_utc_time("2023-11-14T24:00"));
    EXPECT_FALSE(parse_utc_time("yesterday"));
    EXPECT_FALSE(parse_utc_time("2023-11-14T22:13:20+01:00"));
}
