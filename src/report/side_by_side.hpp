#pragma once
// The pairing behind the report's side-by-side view of a text hunk: the old file's lines on
// the left, the new file's on the right, context on both. A run of removed lines faces the
// run of added lines that follows it, row by row, as `diff -y` and code review tools pair
// them; the longer run's rest faces empty cells. Pure data: sections.cpp renders it.

#include "diff/report.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace ssosnap::report
{

/// One side of a row.
struct SideCell {
    /// ' ' context, '-' removed (left only), '+' added (right only), '\\' a note on the line
    /// above it ("No newline at end of file"), 0 an empty cell (the other side has a line).
    char op = 0;
    std::size_t number = 0;  ///< the line's number on its side; 0 for notes and empty cells
    std::string_view text;   ///< a view into the hunk's line
};

struct SideRow {
    SideCell old_side;
    SideCell new_side;
};

/// Returns `hunk`'s rows side by side. Read top to bottom, the left cells are the hunk's
/// context and removed lines (and their notes) in order, numbered from old_start, and the
/// right cells its context and added lines, numbered from new_start. The views point into
/// `hunk`, which must outlive the rows.
std::vector<SideRow> side_by_side(const diff::Hunk& hunk);

}  // namespace ssosnap::report
