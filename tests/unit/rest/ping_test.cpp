#include "rest/ping.hpp"

#include "fixture.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::rest;
using ssosnap::rest::testing::api_fixture;

TEST(PingTest, ParsesDocumentedAnswerWithZone)
{
    auto p = parse_ping(api_fixture("ping.json"));
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->response, "pong");
    EXPECT_EQ(p->timestamp, 1649473806160);
    EXPECT_EQ(p->datetime_millis, 1649473806160);
    EXPECT_EQ(p->utc_offset_minutes, 120);
    EXPECT_EQ(p->zone, "Europe/Oslo");
}

TEST(PingTest, ParsesDatetimeWithNanosecondsAndNoZone)
{
    auto p = parse_ping(api_fixture("ping-no-zone-nanos.json"));
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->datetime_millis, 1765791478284);
    EXPECT_EQ(p->utc_offset_minutes, 60);
    EXPECT_EQ(p->zone, "");
}

TEST(PingTest, KeepsUnparseableDatetimeAsText)
{
    auto p = parse_ping(R"({"response":"pong","datetime":"yesterday"})");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->datetime, "yesterday");
    EXPECT_FALSE(p->datetime_millis);
}

TEST(PingTest, RejectsBodyWithoutResponse)
{
    auto p = parse_ping("<html>login</html>");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, ssosnap::core::Errc::remote);
}

TEST(PingTest, ParsesUtcAndNegativeOffsets)
{
    auto z = parse_offset_date_time("1970-01-01T00:00:01Z");
    ASSERT_TRUE(z);
    EXPECT_EQ(z->epoch_millis, 1000);
    auto neg = parse_offset_date_time("1970-01-01T00:00:00.5-01:30");
    ASSERT_TRUE(neg);
    EXPECT_EQ(neg->epoch_millis, 5'400'500);
    EXPECT_FALSE(parse_offset_date_time("2022-02-30T00:00:00Z"));
    EXPECT_FALSE(parse_offset_date_time("2022-01-01T00:00:00+01:00[Europe/Oslo"));
}
