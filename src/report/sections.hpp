#pragma once
// The body of one changed entry's section in the HTML report: JSON changes by pointer path,
// .properties changes by key, text and XML hunks with line numbers (unified, and side by side
// by side_by_side.hpp), binaries and secret files by size and fingerprint. Appends escaped
// HTML to a string (render_html.cpp frames it).

#include "diff/report.hpp"

#include <cstdint>
#include <string>

namespace ssosnap::report
{

/// Appends the body of `entry`'s section (what changed inside it) to `out`.
void append_entry_body(std::string& out, const diff::EntryDiff& entry);

/// Returns "1,234,567 B": a byte count with thousands separators.
std::string byte_count(std::uint64_t bytes);

}  // namespace ssosnap::report
