#pragma once
// Shared output conventions: the JSON envelope ({"schema":1,"command":...}), error lines
// ("ssosnap: error: <context>: <what>"), warnings, and aligned tables.

#include "cli/context.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

/// Adds the --json flag every command has.
void add_json_flag(CLI::App& command, Context& ctx);

/// Returns a JSON envelope {"schema":1,"command":ctx.command} to add fields to.
nlohmann::json envelope(const Context& ctx);

/// Returns a dumped JSON text with DEL and the C1 controls inside strings written as \u
/// escapes (the same value; nothing a terminal obeys). print_json uses it.
std::string json_text_for_terminal(std::string text);

/// Prints `doc` as one JSON document (indented) followed by a newline to ctx.out.
void print_json(Context& ctx, const nlohmann::json& doc);

/// Ends a progress bar's open line on stderr (ctx.err_mid_line), if there is one. Every
/// message on stderr (errors, warnings, narration, retries) calls it first.
void end_progress_line(Context& ctx);

/// Colour on stdout: only on a terminal, and not when NO_COLOR is set to a non-empty value
/// (https://no-color.org).
bool use_colour(const Context& ctx);

/// Prints "ssosnap: error: <message>" on stderr (control characters escaped): the one way an
/// error line is written.
void print_error_line(Context& ctx, const core::Error& error);

/// Reports `error` ("ssosnap: error: ..." on stderr; with --json also an error envelope on
/// stdout), sets ctx.status to its documented exit status and returns it.
int report_error(Context& ctx, const core::Error& error);
/// The "error" member of a --json document: class, code, message, exit_status.
nlohmann::json error_json(const core::Error& error);

/// Prints "ssosnap: warning: <message>" on stderr.
void warn(Context& ctx, const std::string& message);

/// Prints a finding on stderr as "ssosnap: error: <where><code>: <message>" when its severity
/// is error (a gate's refusal), else as a warning: the line says what its JSON says.
void print_finding(Context& ctx, const core::Finding& finding, const std::string& where = {});

/// A signed duration in seconds with one decimal, "+1.5 s" or "-0.3 s"; what rounds to zero
/// is "0.0 s" (never "-0.0 s").
std::string seconds_text(std::int64_t millis);

/// Findings as JSON: [{"severity":..,"code":..,"path":..,"message":..}, ...].
nlohmann::json findings_json(const std::vector<core::Finding>& findings);

/// Prints findings one per line: "error   crc-mismatch  path: message".
void print_findings(std::ostream& out, const std::vector<core::Finding>& findings);

/// An aligned text table built cell by cell, with every cell's text in one buffer (no
/// allocation per cell: inspect and ls print thousands of rows). Columns are two spaces
/// apart and as wide as their widest cell in bytes; the last cell of a row is not padded;
/// rows may have fewer cells than others.
class TextTable
{
public:
    TextTable& cell(std::string_view text);
    TextTable& cell(std::uint64_t number);
    /// `text` with control bytes escaped as \xNN (core::escape_controls): untrusted names.
    TextTable& escaped_cell(std::string_view text);
    /// Ends the current row (a row without cells prints as an empty line).
    void end_row();
    /// Writes the table to `out` in one write.
    void print(std::ostream& out) const;

private:
    void close_cell(std::size_t start);

    std::string m_text;                   ///< every cell's bytes, one after another
    std::vector<std::size_t> m_cell_end;  ///< end of each cell in m_text
    std::vector<std::size_t> m_row_end;   ///< number of cells up to each row's end
    std::vector<std::size_t> m_widths;    ///< the widest cell of each column
    std::size_t m_row_cells = 0;          ///< cells in the row being built
};

/// Prints rows as an aligned table (TextTable); the first row is the header.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

/// Formats a byte count ("1.2 MiB", "532 B").
std::string human_size(std::uint64_t bytes);

}  // namespace ssosnap::cli
