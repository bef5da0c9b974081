#include "diff/sequence.hpp"

#include <gtest/gtest.h>
#include <random>

namespace ssosnap::diff
{
namespace
{

using Seq = std::vector<std::uint32_t>;

std::size_t lcs_length(const Seq& a, const Seq& b)
{
    std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    return t[0][0];
}

// Replays the runs: they must consume both sides in order, and equal runs must be equal.
std::size_t check_script(const Seq& a, const Seq& b, const std::vector<Run>& runs)
{
    std::size_t i = 0;
    std::size_t j = 0;
    std::size_t kept = 0;
    for (const auto& r : runs) {
        EXPECT_EQ(r.old_start, i);
        EXPECT_EQ(r.new_start, j);
        EXPECT_GT(r.count, 0U);
        if (r.kind == RunKind::equal) {
            for (std::size_t k = 0; k < r.count; ++k)
                EXPECT_EQ(a.at(i + k), b.at(j + k));
            i += r.count;
            j += r.count;
            kept += r.count;
        } else if (r.kind == RunKind::remove) {
            i += r.count;
        } else {
            j += r.count;
        }
    }
    EXPECT_EQ(i, a.size());
    EXPECT_EQ(j, b.size());
    return kept;
}

TEST(SequenceTest, EqualSequencesGiveOneEqualRun)
{
    Seq a = {1, 2, 3};
    auto runs = diff_sequences(a, a);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].kind, RunKind::equal);
    EXPECT_EQ(runs[0].count, 3U);
}

TEST(SequenceTest, EmptySidesAreAllInsertedOrRemoved)
{
    EXPECT_TRUE(diff_sequences({}, {}).empty());
    auto ins = diff_sequences({}, {4, 5});
    ASSERT_EQ(ins.size(), 1U);
    EXPECT_EQ(ins[0].kind, RunKind::insert);
    auto del = diff_sequences({4, 5}, {});
    ASSERT_EQ(del.size(), 1U);
    EXPECT_EQ(del[0].kind, RunKind::remove);
}

TEST(SequenceTest, ReplacementListsRemovalBeforeInsertion)
{
    auto runs = diff_sequences({1, 2, 3}, {1, 9, 3});
    ASSERT_EQ(runs.size(), 4U);
    EXPECT_EQ(runs[1].kind, RunKind::remove);
    EXPECT_EQ(runs[1].old_start, 1U);
    EXPECT_EQ(runs[2].kind, RunKind::insert);
    EXPECT_EQ(runs[2].new_start, 1U);
}

TEST(SequenceTest, RandomInputsGetAValidMinimalScript)
{
    std::mt19937 rng(42);  // fixed seed: deterministic
    for (int round = 0; round < 400; ++round) {
        std::uniform_int_distribution<std::size_t> len(0, 60);
        std::uniform_int_distribution<std::uint32_t> sym(0, round % 2 == 0 ? 3 : 12);
        Seq a(len(rng));
        Seq b(len(rng));
        for (auto& x : a)
            x = sym(rng);
        for (auto& x : b)
            x = sym(rng);
        auto kept = check_script(a, b, diff_sequences(a, b));
        ASSERT_EQ(kept, lcs_length(a, b)) << "round " << round;
    }
}

TEST(SequenceTest, LargeInputWithFewChangesFindsThem)
{
    Seq a(200000);
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = static_cast<std::uint32_t>(i);
    Seq b = a;
    b[10] = 999999999;
    b.erase(b.begin() + 100000);
    b.insert(b.begin() + 150000, 888888888);
    auto runs = diff_sequences(a, b);
    EXPECT_EQ(check_script(a, b, runs), a.size() - 2);
}

TEST(SequenceTest, CompletelyDifferentLargeInputsStillFinish)
{
    Seq a(6000);
    Seq b(6000);
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = static_cast<std::uint32_t>(i * 7 % 1000);
        b[i] = static_cast<std::uint32_t>(i * 13 % 1000);
    }
    auto runs = diff_sequences(a, b);  // the cost cut-off keeps this fast, maybe not minimal
    check_script(a, b, runs);
}

}  // namespace
}  // namespace ssosnap::diff
