#include "cli/output.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <sstream>

using namespace ssosnap::cli;

namespace
{
std::string printed(const TextTable& table)
{
    std::ostringstream out;
    table.print(out);
    return out.str();
}
}  // namespace

TEST(TextTableTest, ColumnsAreAsWideAsTheirWidestCellAndTwoSpacesApart)
{
    TextTable t;
    t.cell("NAME").cell("SIZE").cell("KIND").end_row();
    t.cell("a").cell(std::uint64_t{1234567}).cell("xml").end_row();
    t.cell("longer-name").cell(std::uint64_t{0}).cell("binary").end_row();
    EXPECT_EQ(printed(t), "NAME         SIZE     KIND\n"
                          "a            1234567  xml\n"
                          "longer-name  0        binary\n");
}

TEST(TextTableTest, RowsMayHaveFewerCellsAndTheLastCellIsNotPadded)
{
    TextTable t;
    t.cell("a").cell("bb").cell("c").end_row();
    t.cell("dddd").end_row();
    t.end_row();
    t.cell("e").cell("f").end_row();
    EXPECT_EQ(printed(t), "a     bb  c\n"
                          "dddd\n"
                          "\n"
                          "e     f\n");
}

TEST(TextTableTest, EscapedCellsShowControlBytesAndCountTheirEscapedWidth)
{
    TextTable t;
    t.escaped_cell(std::string_view("a\tb\x7f", 4)).cell("x").end_row();
    t.cell("c").cell("y").end_row();
    EXPECT_EQ(printed(t), "a\\x09b\\x7f  x\n"
                          "c           y\n");
}

TEST(TextTableTest, PrintTableKeepsItsFormat)
{
    std::ostringstream out;
    print_table(out, {{"H1", "H2"}, {"value", "v"}, {"x"}});
    EXPECT_EQ(out.str(), "H1     H2\nvalue  v\nx\n");
}

TEST(SecondsTextTest, WhatRoundsToZeroHasNoSign)
{
    EXPECT_EQ(seconds_text(-40), "0.0 s");
    EXPECT_EQ(seconds_text(40), "0.0 s");
    EXPECT_EQ(seconds_text(0), "0.0 s");
}

TEST(SecondsTextTest, OtherValuesAreSignedWithOneDecimal)
{
    EXPECT_EQ(seconds_text(1500), "+1.5 s");
    EXPECT_EQ(seconds_text(-250), "-0.3 s");
    EXPECT_EQ(seconds_text(-1049), "-1.0 s");
    EXPECT_EQ(seconds_text(INT64_MIN), "-9223372036854775.8 s");
}

TEST(PrintFindingTest, AnErrorFindingIsAnErrorAndOthersAreWarnings)
{
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    Context ctx{in, out, err, [](const std::string&) { return std::optional<std::string>(); }};
    print_finding(ctx, {ssosnap::core::Severity::error, "plugin-version-mismatch", "", "refused"});
    print_finding(ctx, {ssosnap::core::Severity::warning, "facts-unknown", "", "unknown"},
                  "a.zip: ");
    EXPECT_EQ(err.str(), "ssosnap: error: plugin-version-mismatch: refused\n"
                         "ssosnap: warning: a.zip: facts-unknown: unknown\n");
    EXPECT_TRUE(out.str().empty());
}
