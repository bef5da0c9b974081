#include "report/sections.hpp"

#include "report/escape.hpp"
#include "report/side_by_side.hpp"

#include <cstdio>
#include <string_view>

namespace ssosnap::report
{
namespace
{

using diff::ChangeOp;

// The marker column: the sign is the signal, the row colour only repeats it.
struct Marker {
    const char* row;   ///< row class: "add", "del" or ""
    const char* sign;  ///< "+", "−" or "~"
    const char* word;  ///< for screen readers and copy-paste: "added", "removed", "changed"
};

constexpr Marker k_added{"add", "+", "added"};
constexpr Marker k_removed{"del", "\u2212", "removed"};
constexpr Marker k_changed{"", "~", "changed"};

void cell(std::string& out, const char* cls, std::string_view text)
{
    out += cls[0] ? std::string("<td class=\"") + cls + "\">" : std::string("<td>");
    append_html(out, text);
    out += "</td>";
}

void marker_cell(std::string& out, const Marker& m)
{
    out += "<td class=\"mk\" title=\"";
    out += m.word;
    out += "\">";
    out += m.sign;
    out += "</td>";
}

void row_start(std::string& out, const Marker& m)
{
    out += m.row[0] ? std::string("<tr class=\"") + m.row + "\">" : std::string("<tr>");
    marker_cell(out, m);
}

// A table of keyed changes: marker, where, old value, new value.
void keyed_table_head(std::string& out, const char* where)
{
    out += "<table class=\"keyed\"><thead><tr><th scope=\"col\"><span title=\"change\">&#177;"
           "</span></th><th scope=\"col\">";
    out += where;
    out += "</th><th scope=\"col\">old value</th><th scope=\"col\">new value</th></tr></thead>"
           "<tbody>\n";
}

void json_changes(std::string& out, const diff::EntryDiff& e)
{
    keyed_table_head(out, "JSON path");
    for (const auto& c : e.json) {
        const Marker& m = c.op == ChangeOp::add      ? k_added
                          : c.op == ChangeOp::remove ? k_removed
                                                     : k_changed;
        row_start(out, m);
        std::string where = c.path.empty() ? "(document)" : c.path;
        if (!c.identity.empty()) where += " [" + c.identity + "]";
        cell(out, "v", where);
        cell(out, c.op == ChangeOp::add ? "v" : "v old", c.old_value);
        cell(out, c.op == ChangeOp::remove ? "v" : "v new", c.new_value);
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
}

void property_changes(std::string& out, const diff::EntryDiff& e)
{
    keyed_table_head(out, "key");
    for (const auto& p : e.properties) {
        const Marker& m = !p.old_value ? k_added : !p.new_value ? k_removed : k_changed;
        row_start(out, m);
        cell(out, "v", p.key);
        cell(out, p.old_value ? "v old" : "v", p.old_value.value_or(""));
        cell(out, p.new_value ? "v new" : "v", p.new_value.value_or(""));
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
}

void line_number(std::string& out, std::size_t n, bool shown)
{
    out += "<td class=\"ln\">";
    if (shown) out += std::to_string(n);
    out += "</td>";
}

// The hunk's header row, "@@ -10,3 +10,4 @@", across `columns` cells.
void hunk_head(std::string& out, const diff::Hunk& h, int columns)
{
    char head[160];
    std::snprintf(head, sizeof head,
                  "<tr class=\"hunk\"><td colspan=\"%d\" class=\"tx\">@@ -%zu,%zu +%zu,%zu @@"
                  "</td></tr>\n",
                  columns, h.old_start, h.old_count, h.new_start, h.new_count);
    out += head;
}

void hunk(std::string& out, const diff::Hunk& h)
{
    hunk_head(out, h, 4);
    // A side whose count is 0 has no line here, so its start (the line before) never shows.
    std::size_t old_line = h.old_start;
    std::size_t new_line = h.new_start;
    for (const auto& l : h.lines) {
        if (l.op == '\\') {
            out += "<tr class=\"note\"><td class=\"ln\"></td><td class=\"ln\"></td>"
                   "<td class=\"mk\">\\</td>";
            cell(out, "tx", l.text);
            out += "</tr>\n";
            continue;
        }
        const Marker& m = l.op == '+' ? k_added : l.op == '-' ? k_removed : Marker{"", " ", ""};
        out += m.row[0] ? std::string("<tr class=\"") + m.row + "\">" : std::string("<tr>");
        line_number(out, old_line, l.op != '+');
        line_number(out, new_line, l.op != '-');
        if (l.op == ' ')
            out += "<td class=\"mk\"></td>";
        else
            marker_cell(out, m);
        cell(out, "tx", l.text);
        out += "</tr>\n";
        if (l.op != '+') ++old_line;
        if (l.op != '-') ++new_line;
    }
}

void unified_hunks(std::string& out, const diff::EntryDiff& e)
{
    out += "<table class=\"diff uni\"><colgroup><col class=\"ln\"><col class=\"ln\">"
           "<col class=\"mk\"><col></colgroup><thead><tr><th scope=\"col\">old line</th><th "
           "scope=\"col\">new "
           "line</th><th scope=\"col\"><span title=\"change\">&#177;</span></th>"
           "<th scope=\"col\">text</th></tr></thead><tbody>\n";
    for (const auto& h : e.hunks)
        hunk(out, h);
    out += "</tbody></table>\n";
}

// One side of a side-by-side row: line number, marker, text; the side's class ("del",
// "add") on each cell, since the row holds both sides.
void side_cells(std::string& out, const SideCell& c)
{
    const char* side = c.op == '-' ? " del" : c.op == '+' ? " add" : c.op == 0 ? " none" : "";
    out += std::string("<td class=\"ln") + side + "\">";
    if (c.number != 0) out += std::to_string(c.number);
    out += std::string("</td><td class=\"mk") + side + "\"";
    if (c.op == '-' || c.op == '+') {
        const Marker& m = c.op == '+' ? k_added : k_removed;
        out += std::string(" title=\"") + m.word + "\">" + m.sign;
    } else {
        out += c.op == '\\' ? ">\\" : ">";
    }
    out += "</td>";
    cell(out, (std::string("tx") + side).c_str(), c.text);
}

// The same hunks side by side (side_by_side.hpp); shown instead of the unified table where
// the screen is wide enough (page.cpp's style sheet).
void side_by_side_hunks(std::string& out, const diff::EntryDiff& e)
{
    out += "<table class=\"diff sbs\"><colgroup><col class=\"ln\"><col class=\"mk\"><col>"
           "<col class=\"ln\"><col class=\"mk\"><col></colgroup><thead><tr>"
           "<th scope=\"col\">old line</th><th scope=\"col\"><span title=\"change\">&#177;"
           "</span></th><th scope=\"col\">old text</th><th scope=\"col\">new line</th>"
           "<th scope=\"col\"><span title=\"change\">&#177;</span></th>"
           "<th scope=\"col\">new text</th></tr></thead><tbody>\n";
    for (const auto& h : e.hunks) {
        hunk_head(out, h, 6);
        for (const auto& row : side_by_side(h)) {
            out += "<tr>";
            side_cells(out, row.old_side);
            side_cells(out, row.new_side);
            out += "</tr>\n";
        }
    }
    out += "</tbody></table>\n";
}

void sizes(std::string& out, const diff::EntryDiff& e)
{
    out += "<table class=\"sizes\"><thead><tr><th scope=\"col\"></th><th scope=\"col\">old"
           "</th><th scope=\"col\">new</th></tr></thead><tbody>\n<tr><th scope=\"row\">size</th>";
    cell(out, "n", e.old_size ? byte_count(*e.old_size) : "");
    cell(out, "n", e.new_size ? byte_count(*e.new_size) : "");
    out += "</tr>\n";
    if (!e.old_fingerprint.empty() || !e.new_fingerprint.empty()) {
        out += "<tr><th scope=\"row\">";
        out += e.secret ? "keyed fingerprint" : "SHA-256";
        out += "</th>";
        cell(out, "v", e.old_fingerprint);
        cell(out, "v", e.new_fingerprint);
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
}

void one_side(std::string& out, const diff::EntryDiff& e)
{
    const bool added = e.status == diff::EntryStatus::added;
    const auto& size = added ? e.new_size : e.old_size;
    out += "<p>";
    out += added ? "Only in the new snapshot" : "Only in the old snapshot";
    if (size) out += ": " + byte_count(*size);
    out += ".</p>\n";
}

}  // namespace

std::string byte_count(std::uint64_t bytes)
{
    // Appended front to back: inserting into the digits made g++ 12's -Wrestrict see an
    // overlapping copy that cannot happen (a warning in every release build).
    const std::string digits = std::to_string(bytes);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out + " B";
}

void append_entry_body(std::string& out, const diff::EntryDiff& e)
{
    if (e.status != diff::EntryStatus::modified) return one_side(out, e);
    if (e.secret) out += "<p>A secret file: only its size and keyed fingerprints are shown.</p>\n";
    if (e.layout_only) out += "<p>Same content, different bytes (layout or formatting).</p>\n";
    if (!e.json.empty()) json_changes(out, e);
    if (!e.properties.empty()) property_changes(out, e);
    if (!e.hunks.empty()) {
        unified_hunks(out, e);
        side_by_side_hunks(out, e);
    }
    if (e.detail == diff::Detail::binary || e.detail == diff::Detail::none) sizes(out, e);
}

}  // namespace ssosnap::report
