#include "archive/lint.hpp"

#include "zip_builder.hpp"

#include <algorithm>
#include <gtest/gtest.h>

using namespace ssosnap;
using test::build_zip;
using test::RawEntry;

namespace
{
std::vector<std::string> codes(const std::vector<core::Finding>& fs)
{
    std::vector<std::string> out;
    for (const auto& f : fs)
        out.push_back(f.code + ":" + f.path);
    return out;
}
}  // namespace

TEST(LintTest, AcceptsOrdinaryRelativeNames)
{
    for (std::string_view n : {"a", "kerberos/saml/idp.xml", "..hidden", "a/..b", "a/b..", "dir/"})
        EXPECT_TRUE(archive::is_safe_entry_name(n)) << n;
}

TEST(LintTest, RejectsUnsafeNames)
{
    for (std::string_view n : {"", "/etc/passwd", "../x", "a/../../b", "a\\..\\b", "..\\x", "\\abs",
                               "C:/x", "c:x", "a\x01", "a\\b", "tab\tname"}) {
        EXPECT_FALSE(archive::is_safe_entry_name(n)) << n;
    }
    EXPECT_FALSE(archive::is_safe_entry_name(std::string_view("a\0b", 3)));
}

TEST(LintTest, UnsafeNamesGiveTheFirstReasonInOrder)
{
    // control byte, absolute path, drive letter, '..' component, backslash: the first that
    // applies is the one reported
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/../a\x01", "control character in the name"},
        {std::string("../a\0", 6), "NUL byte in the name"},
        {"/a/../b", "absolute path"},
        {"\\a\\b", "absolute path"},
        {"C:\\..\\b", "drive letter"},
        {"a\\..\\b", "'..' component"},
        {"a/..", "'..' component"},
        {"..", "'..' component"},
        {"a\\b", "backslash in the name (Windows separator)"}};
    std::vector<RawEntry> entries;
    for (const auto& [name, reason] : cases)
        entries.push_back({name, "x"});
    auto r = archive::Reader::open_memory(build_zip(entries), "m").value();
    auto found = archive::lint_structure(r);
    std::vector<std::string> got;
    for (const auto& f : found) {
        if (f.code == "unsafe-path") got.push_back(f.path + " -> " + f.message);
    }
    std::vector<std::string> want;
    for (const auto& [name, reason] : cases)
        want.push_back(name + " -> unsafe entry name: " + reason);
    EXPECT_EQ(got, want);
}

TEST(LintTest, StructureFindsUnsafePathsSymlinksAndEncryptedEntries)
{
    RawEntry link{"link", "target"};
    link.unix_mode = 0120777;
    RawEntry enc{"enc.txt", "0123456789abcdef"};
    enc.flags = 1;
    auto r = archive::Reader::open_memory(
                 build_zip({{"ok.txt", "fine"}, {"../evil", "x"}, link, enc}), "m")
                 .value();
    auto got = codes(archive::lint_structure(r));
    EXPECT_EQ(got, (std::vector<std::string>{"unsafe-path:../evil", "symlink-entry:link",
                                             "encrypted-entry:enc.txt"}));
}

TEST(LintTest, ContentsFindCrcMismatchAndSkipEncryptedEntries)
{
    RawEntry enc{"enc.txt", "0123456789abcdef"};
    enc.flags = 1;
    auto r = archive::Reader::open_memory(
                 build_zip({{"good.txt", "fine"}, {"bad.txt", "data", 1u}, enc}), "m")
                 .value();
    EXPECT_EQ(codes(archive::lint_contents(r)), (std::vector<std::string>{"crc-mismatch:bad.txt"}));
}

TEST(LintTest, ContentsStopAtTheTotalSizeLimit)
{
    archive::Limits limits;
    limits.max_total_size = 10;
    auto r =
        archive::Reader::open_memory(build_zip({{"a", "123456"}, {"b", "123456"}}), "m", limits)
            .value();
    auto s = codes(archive::lint_structure(r));
    EXPECT_NE(std::find(s.begin(), s.end(), "limit-exceeded:"), s.end());
    EXPECT_EQ(codes(archive::lint_contents(r)), (std::vector<std::string>{"limit-exceeded:b"}));
}

// The default total-size limit is 4 GiB: five entries each just under the 1 GiB per-entry
// limit are refused, four are not.
TEST(LintTest, DefaultLimitsRefuseMoreThan4GiBClaimedInTotal)
{
    constexpr std::uint32_t k_just_under_1_gib = (1U << 30) - 1;
    auto five = archive::Reader::open_memory(test::build_zip_claiming(5, k_just_under_1_gib), "m");
    ASSERT_TRUE(five) << five.error().message;
    auto s = codes(archive::lint_structure(*five));
    EXPECT_NE(std::find(s.begin(), s.end(), "limit-exceeded:"), s.end());

    auto four = archive::Reader::open_memory(test::build_zip_claiming(4, k_just_under_1_gib), "m");
    ASSERT_TRUE(four) << four.error().message;
    auto f = codes(archive::lint_structure(*four));
    EXPECT_EQ(std::find(f.begin(), f.end(), "limit-exceeded:"), f.end());
}

// The default per-entry limit is 1 GiB: an entry claiming one byte more is reported, one
// claiming exactly 1 GiB is not (the ratio limit lifted, so only the size limit speaks).
TEST(LintTest, DefaultLimitsReportAnEntryClaimingMoreThan1GiB)
{
    archive::Limits limits;
    limits.max_ratio = ~std::uint64_t{0};
    auto above =
        archive::Reader::open_memory(test::build_zip_claiming(1, (1U << 30) + 1), "m", limits);
    ASSERT_TRUE(above) << above.error().message;
    EXPECT_EQ(codes(archive::lint_structure(*above)),
              std::vector<std::string>{"limit-exceeded:claim-0.bin"});

    auto at = archive::Reader::open_memory(test::build_zip_claiming(1, 1U << 30), "m", limits);
    ASSERT_TRUE(at) << at.error().message;
    EXPECT_TRUE(archive::lint_structure(*at).empty());
}
