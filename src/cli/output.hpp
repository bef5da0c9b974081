#pragma once
// Shared output conventions: the JSON envelope ({"schema":1,"command":...}), error lines
// ("ssosnap: error: <context>: <what>"), warnings, and aligned tables.

#include "cli/context.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>
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

/// Prints `doc` as one JSON document (indented) followed by a newline to ctx.out.
void print_json(Context& ctx, const nlohmann::json& doc);

/// Reports `error` ("ssosnap: error: ..." on stderr; with --json also an error envelope on
/// stdout), sets ctx.status to its documented exit status and returns it.
int report_error(Context& ctx, const core::Error& error);
/// The "error" member of a --json document: class, code, message, exit_status.
nlohmann::json error_json(const core::Error& error);

/// Prints "ssosnap: warning: <message>" on stderr.
void warn(Context& ctx, const std::string& message);

/// Findings as JSON: [{"severity":..,"code":..,"path":..,"message":..}, ...].
nlohmann::json findings_json(const std::vector<core::Finding>& findings);

/// Prints findings one per line: "error   crc-mismatch  path: message".
void print_findings(std::ostream& out, const std::vector<core::Finding>& findings);

/// Prints rows as an aligned table; the first row is the header. Column widths count bytes.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

/// Formats a byte count ("1.2 MiB", "532 B").
std::string human_size(std::uint64_t bytes);

}  // namespace ssosnap::cli
