#include "cli/output.hpp"

#include "core/strings.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

namespace ssosnap::cli
{

void add_json_flag(CLI::App& command, Context& ctx)
{
    command.add_flag("--json", ctx.json, "Print one JSON document (schema 1) on stdout");
}

std::string json_text_for_terminal(std::string text)
{
    // The dump escapes C0 controls and replaces invalid UTF-8; DEL and the C1 controls
    // (U+0080..U+009F) pass raw, and a terminal obeys C1 like ESC. They can only stand inside
    // strings (JSON's own syntax is ASCII), where \u escapes mean the same.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (c == 0x7f || (c == 0xc2 && next >= 0x80 && next <= 0x9f)) {
            const unsigned code = c == 0x7f ? 0x7fu : next;
            char esc[7];
            std::snprintf(esc, sizeof esc, "\\u%04x", code);
            out += esc;
            i += c == 0x7f ? 0 : 1;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

nlohmann::json envelope(const Context& ctx)
{
    return nlohmann::json{{"schema", 1}, {"command", ctx.command}};
}

void print_json(Context& ctx, const nlohmann::json& doc)
{
    ctx.out << json_text_for_terminal(
                   doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
            << "\n";
}

bool use_colour(const Context& ctx)
{
    auto no_color = ctx.env("NO_COLOR");
    return ctx.out_is_terminal && !(no_color && !no_color->empty());
}

void end_progress_line(Context& ctx)
{
    if (!ctx.err_mid_line) return;
    ctx.err << "\n";
    ctx.err_mid_line = false;
}

void print_error_line(Context& ctx, const core::Error& error)
{
    end_progress_line(ctx);
    // A message can carry an entry name or a server's text: no control reaches the terminal.
    ctx.err << "ssosnap: error: " << core::escape_controls(error.message) << "\n";
}

int report_error(Context& ctx, const core::Error& error)
{
    print_error_line(ctx, error);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["error"] = error_json(error);
        print_json(ctx, doc);
    }
    ctx.status = core::exit_status(error.code);
    return ctx.status;
}

nlohmann::json error_json(const core::Error& error)
{
    return {{"class", core::errc_name(error.code)},
            {"code", error.id},
            {"message", error.message},
            {"exit_status", core::exit_status(error.code)}};
}

void warn(Context& ctx, const std::string& message)
{
    end_progress_line(ctx);
    ctx.err << "ssosnap: warning: " << core::escape_controls(message) << "\n";
}

void print_finding(Context& ctx, const core::Finding& finding, const std::string& where)
{
    const char* label = finding.severity == core::Severity::error ? "error" : "warning";
    ctx.err << "ssosnap: " << label << ": "
            << core::escape_controls(where + finding.code + ": " + finding.message) << "\n";
}

std::string seconds_text(std::int64_t millis)
{
    // Rounded to tenths in integers first: printf's own rounding keeps the sign of a value
    // that rounds to zero (-0.04 s → "-0.0"). Unsigned: a server's time may be INT64_MIN.
    const auto magnitude = millis >= 0 ? static_cast<std::uint64_t>(millis)
                                       : std::uint64_t{0} - static_cast<std::uint64_t>(millis);
    const std::uint64_t tenths = (magnitude + 50) / 100;
    if (tenths == 0) return "0.0 s";
    return std::string(millis > 0 ? "+" : "-") + std::to_string(tenths / 10) + "." +
           std::to_string(tenths % 10) + " s";
}

nlohmann::json findings_json(const std::vector<core::Finding>& findings)
{
    auto arr = nlohmann::json::array();
    for (const auto& f : findings) {
        arr.push_back({{"severity", core::severity_name(f.severity)},
                       {"code", f.code},
                       {"path", f.path},
                       {"message", f.message}});
    }
    return arr;
}

void print_findings(std::ostream& out, const std::vector<core::Finding>& findings)
{
    std::vector<std::vector<std::string>> rows;
    rows.reserve(findings.size());
    for (const auto& f : findings) {
        rows.push_back(
            {core::severity_name(f.severity), core::escape_controls(f.code),
             core::escape_controls(f.path.empty() ? f.message : f.path + ": " + f.message)});
    }
    if (rows.empty()) return;
    std::size_t w0 = 0;
    std::size_t w1 = 0;
    for (const auto& r : rows) {
        w0 = std::max(w0, r[0].size());
        w1 = std::max(w1, r[1].size());
    }
    for (const auto& r : rows) {
        out << r[0] << std::string(w0 - r[0].size() + 2, ' ') << r[1]
            << std::string(w1 - r[1].size() + 2, ' ') << r[2] << "\n";
    }
}

TextTable& TextTable::cell(std::string_view text)
{
    const std::size_t start = m_text.size();
    m_text.append(text);
    close_cell(start);
    return *this;
}

TextTable& TextTable::cell(std::uint64_t number)
{
    char buf[24];
    auto res = std::to_chars(std::begin(buf), std::end(buf), number);
    return cell(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
}

TextTable& TextTable::escaped_cell(std::string_view text)
{
    const std::size_t start = m_text.size();
    core::append_escaped(m_text, text);
    close_cell(start);
    return *this;
}

void TextTable::close_cell(std::size_t start)
{
    m_cell_end.push_back(m_text.size());
    if (m_widths.size() <= m_row_cells) m_widths.resize(m_row_cells + 1, 0);
    m_widths[m_row_cells] = std::max(m_widths[m_row_cells], m_text.size() - start);
    ++m_row_cells;
}

void TextTable::end_row()
{
    m_row_end.push_back(m_cell_end.size());
    m_row_cells = 0;
}

void TextTable::print(std::ostream& out) const
{
    std::size_t line_max = 1;
    for (auto w : m_widths)
        line_max += w + 2;
    std::string buf;
    buf.reserve(std::min<std::size_t>(line_max * m_row_end.size(), std::size_t{1} << 24));
    std::size_t cell = 0;
    std::size_t cell_start = 0;
    for (auto row_end : m_row_end) {
        for (std::size_t col = 0; cell < row_end; ++cell, ++col) {
            const std::size_t len = m_cell_end[cell] - cell_start;
            buf.append(m_text, cell_start, len);
            if (cell + 1 < row_end) buf.append(m_widths[col] - len + 2, ' ');
            cell_start = m_cell_end[cell];
        }
        buf += '\n';
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows)
{
    TextTable table;
    for (const auto& r : rows) {
        for (const auto& c : r)
            table.escaped_cell(c);
        table.end_row();
    }
    table.print(out);
}

std::string human_size(std::uint64_t bytes)
{
    static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return std::to_string(bytes) + " B";
    double v = static_cast<double>(bytes);
    int unit = 0;
    while (v >= 1024 && unit < 4) {
        v /= 1024;
        ++unit;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %s", v, k_units[unit]);
    return buf;
}

}  // namespace ssosnap::cli
