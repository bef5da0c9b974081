#include "metadata/version.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ssosnap::metadata;

namespace
{
int cmp(const char* a, const char* b)
{
    int r = compare_versions(a, b);
    return (r > 0) - (r < 0);
}
}  // namespace

TEST(VersionTest, ComparesNumbersAsNumbers)
{
    EXPECT_EQ(cmp("5.10", "5.9"), 1);
    EXPECT_EQ(cmp("5.9.99", "5.10"), -1);
    EXPECT_EQ(cmp("10.0.0", "9.4.0"), 1);
    EXPECT_EQ(cmp("1.02", "1.2"), 0);
    EXPECT_EQ(cmp("99999999999999999999", "99999999999999999998"), 1);
}

TEST(VersionTest, IgnoresTrailingZerosAndReleaseQualifiers)
{
    EXPECT_EQ(cmp("5.10.0", "5.10"), 0);
    EXPECT_EQ(cmp("1.0.0.0", "1"), 0);
    EXPECT_EQ(cmp("1-ga", "1"), 0);
    EXPECT_EQ(cmp("1.0-final", "1"), 0);
    EXPECT_EQ(cmp("1-release", "1.0"), 0);
    EXPECT_EQ(cmp("", "0"), 0);
}

TEST(VersionTest, OrdersQualifiersLikeMaven)
{
    const std::vector<const char*> ascending = {
        "1-alpha", "1-beta", "1-milestone", "1-rc", "1-SNAPSHOT", "1", "1-sp", "1-abc", "1-xyz"};
    for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
        EXPECT_EQ(cmp(ascending[i], ascending[i + 1]), -1)
            << ascending[i] << " < " << ascending[i + 1];
    }
    EXPECT_EQ(cmp("1-cr", "1-rc"), 0);
    EXPECT_EQ(cmp("5.2.1-SNAPSHOT", "5.2.1"), -1);
}

TEST(VersionTest, ExpandsShortQualifiersOnlyBeforeADigit)
{
    EXPECT_EQ(cmp("1-a1", "1-alpha-1"), 0);
    EXPECT_EQ(cmp("1b2", "1-beta-2"), 0);
    EXPECT_EQ(cmp("10.0.0-m0001", "10.0.0-milestone-1"), 0);
    EXPECT_EQ(cmp("1-a", "1-alpha"), 1);  // a bare "a" is an unknown qualifier
}

TEST(VersionTest, SplitsAtLetterDigitTransitionsAndDashes)
{
    EXPECT_EQ(cmp("1.2.3.RC1", "1.2.3-rc1"), 0);
    EXPECT_EQ(cmp("1a", "1-a"), 0);
    EXPECT_EQ(cmp("1.a", "1-a"), 0);
    EXPECT_EQ(cmp("1-1", "1.1"), -1);  // a sub-list sorts before a number
    EXPECT_EQ(cmp("1.0-1", "1-1"), 0);
    EXPECT_EQ(cmp("1-1", "1-sp"), 1);  // ... and after a qualifier
}

TEST(VersionTest, KeepsMavensStorageClassQuirkForLongZeroRuns)
{
    // Ten zeros are a Java long in Maven, and every long sorts after every int.
    EXPECT_EQ(cmp("1.0000000000.1", "1.5.1"), 1);
    EXPECT_EQ(cmp("1.000000000.1", "1.5.1"), -1);
}

TEST(VersionTest, GivesMavensCanonicalForm)
{
    EXPECT_EQ(canonical_version("1.0-SNAPSHOT"), "1-snapshot");
    EXPECT_EQ(canonical_version("1.2.3.RC1"), "1.2.3-rc-1");
    EXPECT_EQ(canonical_version("1-final-2"), "1-2");
    EXPECT_EQ(canonical_version("1..2"), "1.0.2");
    EXPECT_EQ(canonical_version("1.0000000000.1"), "1.0.1");
    EXPECT_EQ(canonical_version("000"), "");
}

TEST(VersionTest, SortsARealReleaseHistory)
{
    std::vector<std::string> versions = {"6.0.0",        "5.2.1", "5.10.0",   "5.2.1-SNAPSHOT",
                                         "10.0.0-m0001", "5.9",   "10.0.0",   "6.0.0-RC1",
                                         "6.0.0-beta-2", "5.2",   "6.0.0-sp1"};
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return Version(a).compare(Version(b)) < 0; });
    const std::vector<std::string> expected = {"5.2",       "5.2.1-SNAPSHOT", "5.2.1",     "5.9",
                                               "5.10.0",    "6.0.0-beta-2",   "6.0.0-RC1", "6.0.0",
                                               "6.0.0-sp1", "10.0.0-m0001",   "10.0.0"};
    EXPECT_EQ(versions, expected);
}

TEST(VersionTest, PrintsOrderSymbols)
{
    EXPECT_STREQ(order_symbol(compare_versions("1", "2")), "<");
    EXPECT_STREQ(order_symbol(compare_versions("2.0", "2")), "=");
    EXPECT_STREQ(order_symbol(compare_versions("2.1", "2")), ">");
}
