#include "core/result.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::core;

namespace
{
Result<int> parse_positive(int v)
{
    if (v <= 0) return fail(Errc::input, "not positive", "bad-number");
    return v;
}
Result<void> doubled(int v, int& out)
{
    auto r = parse_positive(v);
    SSOSNAP_TRY(r);
    out = *r * 2;
    return {};
}
}  // namespace

TEST(ResultTest, CarriesValueOrError)
{
    EXPECT_EQ(*parse_positive(3), 3);
    auto bad = parse_positive(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::input);
    EXPECT_EQ(bad.error().id, "bad-number");
}

TEST(ResultTest, TryPropagatesAndContextPrefixes)
{
    int out = 0;
    EXPECT_TRUE(doubled(4, out));
    EXPECT_EQ(out, 8);
    auto r = doubled(0, out).with_context("reading 'a.zip'");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "reading 'a.zip': not positive");
}

TEST(ResultTest, ExitStatusesAreTheDocumentedOnes)
{
    EXPECT_EQ(exit_status(Errc::usage), 2);
    EXPECT_EQ(exit_status(Errc::input), 3);
    EXPECT_EQ(exit_status(Errc::remote), 4);
    EXPECT_EQ(exit_status(Errc::auth), 5);
    EXPECT_EQ(exit_status(Errc::refused), 6);
    EXPECT_EQ(exit_status(Errc::internal), 70);
}
