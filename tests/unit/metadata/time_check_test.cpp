#include "metadata/time_check.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::metadata;

namespace
{
// Epoch ms of a UTC wall-clock time (reuses the name arithmetic, which has its own test).
std::int64_t utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return name_time_as_utc_millis(NameTime{y, mo, d, h, mi, s}) + ms;
}

TimeCheck check(const NameTime& name, std::int64_t millis,
                std::optional<std::string> zone = std::nullopt)
{
    auto r = check_name_time(name, millis, zone);
    EXPECT_TRUE(r.has_value());
    return r.has_value() ? *r : TimeCheck{};
}

const NameTime k_vendor_name{2022, 1, 4, 13, 17, 4};
constexpr std::int64_t k_vendor_millis = 1641298623998;
}  // namespace

TEST(TimeCheckTest, NameArithmeticIsEpochMillis)
{
    EXPECT_EQ(name_time_as_utc_millis(NameTime{1970, 1, 1, 0, 0, 0}), 0);
    EXPECT_EQ(utc(2022, 1, 4, 12, 17, 3, 998), k_vendor_millis);
}

TEST(TimeCheckTest, VendorExampleAgreesWithoutZoneAtPlusOneHour)
{
    auto c = check(k_vendor_name, k_vendor_millis);
    EXPECT_TRUE(c.consistent) << c.message;
    EXPECT_EQ(c.implied_offset_minutes, 60);
    EXPECT_NE(c.message.find("UTC+01:00"), std::string::npos) << c.message;
    EXPECT_NE(c.message.find("2022-01-04T12:17:03.998Z"), std::string::npos) << c.message;
}

TEST(TimeCheckTest, VendorExampleAgreesInOsloButNotInUtc)
{
    auto oslo = check(k_vendor_name, k_vendor_millis, "Europe/Oslo");
    EXPECT_TRUE(oslo.consistent) << oslo.message;
    EXPECT_EQ(oslo.zone_offset_minutes, 60);

    auto utc_zone = check(k_vendor_name, k_vendor_millis, "UTC");
    EXPECT_FALSE(utc_zone.consistent);
    EXPECT_EQ(utc_zone.zone_offset_minutes, 0);
    EXPECT_NE(utc_zone.message.find("fits UTC+01:00"), std::string::npos) << utc_zone.message;
}

TEST(TimeCheckTest, AcceptsTruncationAndUpToTwoSecondsLate)
{
    const auto t = k_vendor_millis;                                  // 12:17:03.998Z
    EXPECT_TRUE(check({2022, 1, 4, 13, 17, 3}, t).consistent);       // truncated
    EXPECT_TRUE(check({2022, 1, 4, 13, 17, 5}, t).consistent);       // 1.002 s late
    EXPECT_FALSE(check({2022, 1, 4, 13, 17, 2}, t).consistent);      // 1.998 s early
    EXPECT_FALSE(check({2022, 1, 4, 13, 17, 6}, t).consistent);      // 2.002 s late
    EXPECT_TRUE(check({2022, 1, 4, 13, 17, 6}, t + 2).consistent);   // exactly 2 s late
    EXPECT_FALSE(check({2022, 1, 4, 13, 24, 4}, t).consistent);      // 7 min: no offset
    EXPECT_TRUE(check({2022, 1, 4, 13, 17, 3}, t + 1).consistent);   // 0.999 s early
    EXPECT_FALSE(check({2022, 1, 4, 13, 17, 3}, t + 2).consistent);  // 1 s early
}

TEST(TimeCheckTest, ExplainsANameThatFitsNoOffset)
{
    auto c = check({2022, 1, 4, 13, 24, 4}, k_vendor_millis);
    EXPECT_FALSE(c.implied_offset_minutes);
    EXPECT_NE(c.message.find("fit no UTC offset"), std::string::npos) << c.message;
    EXPECT_NE(c.message.find("+01:07:00.002"), std::string::npos) << c.message;
}

TEST(TimeCheckTest, RejectsOffsetsBeyondFourteenHours)
{
    const auto t = utc(2024, 1, 1, 0, 0, 0);
    EXPECT_TRUE(check({2024, 1, 1, 14, 0, 0}, t).consistent);
    EXPECT_FALSE(check({2024, 1, 1, 14, 15, 0}, t).consistent);
    EXPECT_TRUE(check({2023, 12, 31, 10, 0, 0}, t).consistent);  // -14:00
    EXPECT_FALSE(check({2023, 12, 31, 9, 45, 0}, t).consistent);
}

TEST(TimeCheckTest, OsloSpringForwardAndItsGap)
{
    // 2024-03-31 01:00Z: Oslo jumps from 02:00 CET to 03:00 CEST.
    EXPECT_TRUE(check({2024, 3, 31, 1, 59, 59}, utc(2024, 3, 31, 0, 59, 59, 500), "Europe/Oslo")
                    .consistent);
    EXPECT_TRUE(
        check({2024, 3, 31, 3, 0, 0}, utc(2024, 3, 31, 1, 0, 0, 200), "Europe/Oslo").consistent);

    // 02:30 does not exist in Oslo that night; a fixed +01:00 clock would write it.
    auto gap = check({2024, 3, 31, 2, 30, 0}, utc(2024, 3, 31, 1, 30, 0), "Europe/Oslo");
    EXPECT_FALSE(gap.consistent);
    EXPECT_TRUE(gap.name_in_gap);
    EXPECT_EQ(gap.implied_offset_minutes, 60);
    EXPECT_NE(gap.message.find("does not exist"), std::string::npos) << gap.message;
    EXPECT_TRUE(check({2024, 3, 31, 2, 30, 0}, utc(2024, 3, 31, 1, 30, 0)).consistent);
}

TEST(TimeCheckTest, OsloSummerNameWrittenWithWinterOffsetDisagrees)
{
    auto c = check({2024, 7, 1, 11, 0, 0}, utc(2024, 7, 1, 10, 0, 0), "Europe/Oslo");
    EXPECT_FALSE(c.consistent);
    EXPECT_FALSE(c.name_in_gap);
    EXPECT_EQ(c.zone_offset_minutes, 120);
    EXPECT_EQ(c.implied_offset_minutes, 60);
}

TEST(TimeCheckTest, OsloAutumnRepeatedHourAcceptsBothReadings)
{
    // 2024-10-27 01:00Z: Oslo falls back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
    const NameTime name{2024, 10, 27, 2, 30, 0};
    auto first = check(name, utc(2024, 10, 27, 0, 30, 0), "Europe/Oslo");
    auto second = check(name, utc(2024, 10, 27, 1, 30, 0), "Europe/Oslo");
    EXPECT_TRUE(first.consistent) << first.message;
    EXPECT_EQ(first.zone_offset_minutes, 120);
    EXPECT_TRUE(second.consistent) << second.message;
    EXPECT_EQ(second.zone_offset_minutes, 60);
    EXPECT_FALSE(check(name, utc(2024, 10, 26, 23, 30, 0), "Europe/Oslo").consistent);
    EXPECT_FALSE(check(name, utc(2024, 10, 27, 2, 30, 0), "Europe/Oslo").consistent);
}

TEST(TimeCheckTest, KolkataHalfHourOffset)
{
    const auto t = utc(2024, 1, 15, 6, 30, 0, 250);
    auto c = check({2024, 1, 15, 12, 0, 0}, t, "Asia/Kolkata");
    EXPECT_TRUE(c.consistent) << c.message;
    EXPECT_EQ(c.zone_offset_minutes, 330);
    EXPECT_EQ(check({2024, 1, 15, 12, 0, 0}, t).implied_offset_minutes, 330);
    EXPECT_FALSE(check({2024, 1, 15, 11, 30, 0}, t, "Asia/Kolkata").consistent);
}

TEST(TimeCheckTest, KathmanduQuarterHourOffset)
{
    const auto t = utc(2024, 1, 15, 6, 15, 0, 400);
    EXPECT_TRUE(check({2024, 1, 15, 12, 0, 0}, t, "Asia/Kathmandu").consistent);
    auto free = check({2024, 1, 15, 12, 0, 0}, t);
    EXPECT_TRUE(free.consistent);
    EXPECT_EQ(free.implied_offset_minutes, 345);
    EXPECT_EQ(format_utc_offset(345), "+05:45");
    EXPECT_FALSE(check({2024, 1, 15, 12, 0, 0}, t, "Asia/Kolkata").consistent);
}

TEST(TimeCheckTest, ChathamWinterAndSummerOffsets)
{
    // +12:45 in the southern winter, +13:45 in the southern summer.
    EXPECT_TRUE(
        check({2024, 7, 1, 12, 45, 0}, utc(2024, 7, 1, 0, 0, 0), "Pacific/Chatham").consistent);
    auto summer = check({2024, 1, 1, 13, 45, 0}, utc(2024, 1, 1, 0, 0, 0), "Pacific/Chatham");
    EXPECT_TRUE(summer.consistent);
    EXPECT_EQ(summer.zone_offset_minutes, 825);
    EXPECT_EQ(check({2024, 1, 1, 13, 45, 0}, utc(2024, 1, 1, 0, 0, 0)).implied_offset_minutes, 825);
    EXPECT_FALSE(
        check({2024, 1, 1, 12, 45, 0}, utc(2024, 1, 1, 0, 0, 0), "Pacific/Chatham").consistent);
}

TEST(TimeCheckTest, StJohnsNegativeHalfHourOffsets)
{
    auto winter = check({2024, 1, 15, 12, 0, 0}, utc(2024, 1, 15, 15, 30, 0), "America/St_Johns");
    EXPECT_TRUE(winter.consistent) << winter.message;
    EXPECT_EQ(winter.zone_offset_minutes, -210);
    EXPECT_EQ(format_utc_offset(-210), "-03:30");
    auto summer = check({2024, 7, 15, 12, 0, 0}, utc(2024, 7, 15, 14, 30, 0), "America/St_Johns");
    EXPECT_TRUE(summer.consistent) << summer.message;
    EXPECT_EQ(summer.zone_offset_minutes, -150);
    EXPECT_FALSE(
        check({2024, 7, 15, 12, 0, 0}, utc(2024, 7, 15, 15, 30, 0), "America/St_Johns").consistent);
    EXPECT_EQ(check({2024, 1, 15, 12, 0, 0}, utc(2024, 1, 15, 15, 30, 0)).implied_offset_minutes,
              -210);
}

TEST(TimeCheckTest, UnknownZoneIsAUsageError)
{
    auto r = check_name_time(k_vendor_name, k_vendor_millis, std::string("Europe/Atlantis"));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ssosnap::core::Errc::usage);
    EXPECT_EQ(r.error().id, "unknown-zone");
}

TEST(TimeCheckTest, FormatsUtcMillis)
{
    EXPECT_EQ(format_utc_millis(k_vendor_millis), "2022-01-04T12:17:03.998Z");
    EXPECT_EQ(format_utc_offset(0), "+00:00");
    EXPECT_EQ(format_utc_offset(-840), "-14:00");
}
