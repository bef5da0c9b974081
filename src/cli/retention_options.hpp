#pragma once
// The retention flags prune and remote prune share (--keep-last, --keep-hourly ...,
// --include-protected, --dry-run), so both take the same rules the same way.

#include "workflow/prune.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct Context;

struct RetentionFlags {
    workflow::RetentionPolicy policy;
    bool include_protected = false;
    bool dry_run = false;
};

/// Adds --keep-last/-hourly/-daily/-weekly/-monthly/-yearly N, --include-protected and
/// --dry-run,-n to `command`; `what` names the things kept ("archive", "snapshot").
/// `flags` must outlive the parse.
void add_retention_options(CLI::App& command, RetentionFlags& flags, const std::string& what);

/// Warns when --keep-* rules were given but every one is 0 (nothing is kept by a rule);
/// `what` names the things ("an archive", "a snapshot").
void warn_when_no_rule_keeps(Context& ctx, const RetentionFlags& flags, const std::string& what);

/// --include-protected as the workflow's option.
workflow::IncludeProtected include_protected(const RetentionFlags& flags);

/// The ACTION column of an archive or snapshot: "keep", "would remove" (dry run), "removed" or
/// "remove failed".
std::string prune_action(const workflow::Verdict& verdict, bool dry_run, bool removed);

/// Adds what became of one archive or snapshot to its JSON object: "reasons" when kept, else
/// "removed".
void add_verdict_json(nlohmann::json& item, const workflow::Verdict& verdict, bool removed);

/// The summary line after the table: "kept K, removed R of N THINGS" ("dry run: would keep
/// ..." with --dry-run); `things` is the plural ("archives", "snapshots").
void print_prune_summary(std::ostream& out, bool dry_run, std::size_t kept, std::size_t total,
                         const char* things);

/// Returns `parts` joined with `sep`.
std::string join_reasons(const std::vector<std::string>& parts, const char* sep = ", ");

}  // namespace ssosnap::cli
