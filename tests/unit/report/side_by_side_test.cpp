#include "report/side_by_side.hpp"

#include <gtest/gtest.h>
#include <string>

namespace ssosnap::report
{
namespace
{

diff::Hunk hunk(std::size_t old_start, std::size_t new_start, std::vector<diff::HunkLine> lines)
{
    diff::Hunk h;
    h.old_start = old_start;
    h.new_start = new_start;
    h.lines = std::move(lines);
    for (const auto& l : h.lines) {
        h.old_count += l.op == ' ' || l.op == '-' ? 1 : 0;
        h.new_count += l.op == ' ' || l.op == '+' ? 1 : 0;
    }
    return h;
}

// A row as "op number text | op number text", '.' for an empty cell.
std::string shown(const SideRow& r)
{
    auto side = [](const SideCell& c) {
        if (c.op == 0) return std::string(".");
        return std::string(1, c.op) + std::to_string(c.number) + std::string(c.text);
    };
    return side(r.old_side) + " | " + side(r.new_side);
}

std::vector<std::string> shown(const std::vector<SideRow>& rows)
{
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back(shown(r));
    return out;
}

TEST(SideBySideTest, RemovedLinesFaceTheAddedLinesThatFollowThem)
{
    auto h = hunk(10, 20, {{' ', "a"}, {'-', "b"}, {'-', "c"}, {'+', "B"}, {' ', "d"}});
    EXPECT_EQ(shown(side_by_side(h)),
              (std::vector<std::string>{" 10a |  20a", "-11b | +21B", "-12c | .", " 13d |  22d"}));
}

TEST(SideBySideTest, MoreAddedThanRemovedLeavesEmptyCellsOnTheLeft)
{
    auto h = hunk(1, 1, {{'-', "x"}, {'+', "X"}, {'+', "Y"}, {'+', "Z"}});
    EXPECT_EQ(shown(side_by_side(h)),
              (std::vector<std::string>{"-1x | +1X", ". | +2Y", ". | +3Z"}));
}

TEST(SideBySideTest, ARemovalAfterAdditionsStartsANewRowBlock)
{
    auto h = hunk(5, 5, {{'+', "n1"}, {'-', "o1"}, {'+', "n2"}});
    EXPECT_EQ(shown(side_by_side(h)), (std::vector<std::string>{". | +5n1", "-5o1 | +6n2"}));
}

TEST(SideBySideTest, ANoteStaysOnTheSideOfTheLineItIsAbout)
{
    const std::string note = "No newline at end of file";
    auto h = hunk(3, 3, {{'-', "last"}, {'\\', note}, {'+', "last"}, {'+', "more"}});
    EXPECT_EQ(shown(side_by_side(h)),
              (std::vector<std::string>{"-3last | +3last", "\\0" + note + " | +4more"}));
    auto both = hunk(7, 7, {{' ', "end"}, {'\\', note}});
    EXPECT_EQ(shown(side_by_side(both)),
              (std::vector<std::string>{" 7end |  7end", "\\0" + note + " | \\0" + note}));
}

TEST(SideBySideTest, EachSideReadsAsItsFileInOrder)
{
    // Every hunk of up to 6 lines over the alphabet { context, removed, added }: the left
    // cells read top to bottom are the old lines, the right cells the new lines, numbered on.
    for (int n = 0; n <= 6; ++n) {
        int combos = 1;
        for (int i = 0; i < n; ++i)
            combos *= 3;
        for (int code = 0; code < combos; ++code) {
            std::vector<diff::HunkLine> lines;
            for (int i = 0, c = code; i < n; ++i, c /= 3)
                lines.push_back({" -+"[c % 3], "l" + std::to_string(i)});
            auto h = hunk(4, 9, lines);
            std::vector<std::string> want_old, want_new, got_old, got_new;
            for (const auto& l : h.lines) {
                if (l.op != '+') want_old.push_back(l.text);
                if (l.op != '-') want_new.push_back(l.text);
            }
            std::size_t old_line = 4;
            std::size_t new_line = 9;
            for (const auto& r : side_by_side(h)) {
                ASSERT_TRUE(r.old_side.op != 0 || r.new_side.op != 0) << "an empty row";
                ASSERT_EQ(r.old_side.op == ' ', r.new_side.op == ' ') << "context on one side";
                if (r.old_side.op != 0) {
                    EXPECT_EQ(r.old_side.number, old_line++);
                    got_old.emplace_back(r.old_side.text);
                }
                if (r.new_side.op != 0) {
                    EXPECT_EQ(r.new_side.number, new_line++);
                    got_new.emplace_back(r.new_side.text);
                }
            }
            EXPECT_EQ(got_old, want_old) << "hunk code " << code << " of length " << n;
            EXPECT_EQ(got_new, want_new) << "hunk code " << code << " of length " << n;
        }
    }
}

}  // namespace
}  // namespace ssosnap::report
