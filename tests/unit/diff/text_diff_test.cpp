#include "diff/text_diff.hpp"

#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

std::string numbered(std::size_t from, std::size_t to)
{
    std::string out;
    for (std::size_t i = from; i <= to; ++i)
        out += "line " + std::to_string(i) + "\n";
    return out;
}

std::string flatten(const Hunk& h)
{
    std::string out;
    for (const auto& l : h.lines)
        out += std::string(1, l.op) + l.text + "\n";
    return out;
}

TEST(TextDiffTest, EqualTextsHaveNoHunks)
{
    EXPECT_TRUE(diff_text("a\nb\n", "a\nb\n", {}).empty());
}

TEST(TextDiffTest, OneChangedLineGetsThreeLinesOfContext)
{
    std::string a = numbered(1, 10);
    std::string b = a;
    b.replace(b.find("line 5\n"), 7, "line five\n");
    auto hunks = diff_text(a, b, {});
    ASSERT_EQ(hunks.size(), 1U);
    EXPECT_EQ(hunks[0].old_start, 2U);
    EXPECT_EQ(hunks[0].old_count, 7U);
    EXPECT_EQ(hunks[0].new_start, 2U);
    EXPECT_EQ(hunks[0].new_count, 7U);
    EXPECT_EQ(flatten(hunks[0]),
              " line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n");
}

TEST(TextDiffTest, ContextOptionControlsHunkSplitting)
{
    std::string a = numbered(1, 20);
    std::string b = a;
    b.replace(b.find("line 3\n"), 7, "x\n");
    b.replace(b.find("line 12\n"), 8, "y\n");
    EXPECT_EQ(diff_text(a, b, {3, Redactor()}).size(), 2U);
    EXPECT_EQ(diff_text(a, b, {5, Redactor()}).size(), 1U);
    auto tight = diff_text(a, b, {0, Redactor()});
    ASSERT_EQ(tight.size(), 2U);
    EXPECT_EQ(flatten(tight[0]), "-line 3\n+x\n");
}

TEST(TextDiffTest, PureInsertionUsesUnifiedLineNumbers)
{
    auto hunks = diff_text("a\nb\n", "a\nnew\nb\n", {0, Redactor()});
    ASSERT_EQ(hunks.size(), 1U);
    EXPECT_EQ(hunks[0].old_start, 1U);
    EXPECT_EQ(hunks[0].old_count, 0U);
    EXPECT_EQ(hunks[0].new_start, 2U);
    EXPECT_EQ(hunks[0].new_count, 1U);
    auto from_empty = diff_text("", "x\n", {});
    ASSERT_EQ(from_empty.size(), 1U);
    EXPECT_EQ(from_empty[0].old_start, 0U);
    EXPECT_EQ(from_empty[0].new_start, 1U);
}

TEST(TextDiffTest, MissingFinalNewlineIsADifferenceWithAMarker)
{
    auto hunks = diff_text("a\nb\n", "a\nb", {});
    ASSERT_EQ(hunks.size(), 1U);
    EXPECT_EQ(flatten(hunks[0]), " a\n-b\n+b\n\\No newline at end of file\n");
}

TEST(TextDiffTest, ThreeLineChangeInMultiMegabyteXmlIsOneHunk)
{
    std::string a = "<?xml version=\"1.0\"?>\n<entities>\n";
    for (int i = 0; i < 70000; ++i)
        a += "  <entity id=\"e" + std::to_string(i) + "\" enabled=\"true\">value</entity>\n";
    a += "</entities>\n";
    ASSERT_GT(a.size(), 3U << 20);
    std::string b = a;
    for (int i : {30000, 30001, 30002}) {
        std::string from = "id=\"e" + std::to_string(i) + "\" enabled=\"true\"";
        b.replace(b.find(from), from.size(), "id=\"e" + std::to_string(i) + "\" enabled=\"false\"");
    }
    auto hunks = diff_text(a, b, {});
    ASSERT_EQ(hunks.size(), 1U);
    EXPECT_EQ(hunks[0].old_start, 30000U);  // line 30003 minus 3 lines of context
    EXPECT_EQ(hunks[0].old_count, 9U);
    std::size_t removed = 0;
    std::size_t added = 0;
    for (const auto& l : hunks[0].lines) {
        removed += l.op == '-';
        added += l.op == '+';
    }
    EXPECT_EQ(removed, 3U);
    EXPECT_EQ(added, 3U);
}

TEST(TextDiffTest, PrivateKeyBlockLinesAreRedactedUnlessRevealed)
{
    std::string a = "<cfg>\n-----BEGIN PRIVATE KEY-----\nMIIEoldSECRETbytes\n"
                    "-----END PRIVATE KEY-----\n</cfg>\n";
    std::string b = "<cfg>\n-----BEGIN PRIVATE KEY-----\nMIIEnewSECRETbytes\n"
                    "-----END PRIVATE KEY-----\n</cfg>\n";
    auto hunks = diff_text(a, b, {});
    ASSERT_EQ(hunks.size(), 1U);
    auto text = flatten(hunks[0]);
    EXPECT_EQ(text.find("SECRET"), std::string::npos);
    EXPECT_NE(text.find("-<redacted hmac:"), std::string::npos);
    EXPECT_NE(text.find("+<redacted hmac:"), std::string::npos);
    EXPECT_NE(text.find(" -----BEGIN PRIVATE KEY-----"), std::string::npos);

    auto revealed = flatten(diff_text(a, b, {3, Redactor::reveal()})[0]);
    EXPECT_NE(revealed.find("-MIIEoldSECRETbytes"), std::string::npos);
}

}  // namespace
}  // namespace ssosnap::diff
