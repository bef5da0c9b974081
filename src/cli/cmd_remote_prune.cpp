// ssosnap remote prune --keep-* N ...: prune's retention rules over the server's snapshots
// (workflow/remote_prune.hpp), rendered as prune renders a folder.

#include "cli/output.hpp"
#include "cli/remote_common.hpp"
#include "cli/retention_options.hpp"
#include "core/strings.hpp"
#include "workflow/remote_prune.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

constexpr const char* k_footer =
    R"FOOTER(The rules are prune's (see 'ssosnap prune --help'), over the snapshots the server lists,
ordered by their timeMillis: --keep-last N keeps the N newest; each other rule keeps the
newest snapshot of each of its N most recent hours / days / ISO weeks / months / years (UTC).
Every kept snapshot says which rule keeps it. Never removed:
  - snapshots ssosnap did not make (the vendor's "Backup before upgrade ...", an admin's
    own): their description is not one ssosnap writes ("... (ssosnap <stamp>)",
   "ssosnap
    backup<stamp> ", " ssosnap safety snapshot before restoring...(<stamp>) "); they are not
    counted by the rules either;
--include - foreign puts them under the rules;
- the newest safety snapshot, even with-- include - protected(a rollback may need it);
other safety snapshots only with-- include - protected;
- snapshots without a timeMillis.Deletes use the assumed delete endpoint(--delete - path); a server without it (404, 405, 501)
stops the run with one error.

Example:
  ssosnap remote prune --keep-last 5 --keep-daily 7 --dry-run --token-file ~/.config/ssosnap/token

Exit status: 0 done (or planned with --dry-run), 2 no --keep-* rule, 4 server error or a
snapshot that could not be deleted, 5 authentication or permission refused.)FOOTER";

struct RemotePruneFlags {
    RetentionFlags retention;
    bool include_foreign = false;
};

nlohmann::json snapshot_json(const workflow::PrunedSnapshot& s)
{
    const auto& meta = s.record.meta;
    nlohmann::json j = {
        {"id", s.record.id},
        {"time_millis", meta.time_millis ? nlohmann::json(*meta.time_millis) : nlohmann::json()},
        {"description", meta.description},
        {"protected", workflow::protection_name(s.protection)},
        {"made_by_ssosnap", s.made_by_ssosnap}};
    add_verdict_json(j, s.verdict, s.removed);
    return j;
}

void render_text(Context& ctx, const workflow::RemotePruneReport& report, bool dry_run)
{
    TextTable table;
    for (const char* h : {"ACTION", "TIME (UTC)", "ID", "REASONS", "DESCRIPTION"})
        table.cell(h);
    table.end_row();
    std::size_t kept = 0;
    for (const auto& s : report.snapshots) {
        kept += s.verdict.keep ? 1 : 0;
        const auto taken = taken_utc(s.record);
        table.cell(prune_action(s.verdict, dry_run, s.removed))
            .cell(taken.empty() ? "-" : taken)
            .escaped_cell(s.record.id)
            .cell(join_reasons(s.verdict.reasons))
            .escaped_cell(s.record.meta.description);
        table.end_row();
    }
    table.print(ctx.out);
    print_prune_summary(ctx.out, dry_run, kept, report.snapshots.size(), "snapshots");
}

void run_remote_prune(Context& ctx, RemoteSession& session, const RemotePruneFlags& flags)
{
    const auto& retention = flags.retention;
    workflow::RemotePruneOptions options;
    options.policy = retention.policy;
    options.include_protected = include_protected(retention);
    options.include_foreign =
        flags.include_foreign ? workflow::IncludeForeign::yes : workflow::IncludeForeign::no;
    options.dry_run = retention.dry_run ? workflow::DryRun::yes : workflow::DryRun::no;
    warn_when_no_rule_keeps(ctx, retention, "a snapshot");
    auto report = workflow::prune_server(session.client(), options);
    if (!report) return void(report_error(ctx, report.error().with_context("remote prune")));
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["server"] = session.resolved().client.base_url;
        doc["dry_run"] = retention.dry_run;
        doc["kept"] = nlohmann::json::array();
        doc["removed"] = nlohmann::json::array();
        for (const auto& s : report->snapshots)
            doc[s.verdict.keep ? "kept" : "removed"].push_back(snapshot_json(s));
        doc["findings"] = findings_json(report->findings);
        if (report->no_delete) doc["error"] = error_json(*report->no_delete);
        print_json(ctx, doc);
    } else {
        render_text(ctx, *report, retention.dry_run);
    }
    bool failed = report->no_delete.has_value();
    for (const auto& f : report->findings) {
        if (f.severity != core::Severity::error) {
            warn(ctx, f.path + ": " + f.message);
            continue;
        }
        failed = true;
        print_error_line(
            ctx, {core::Errc::remote, "remote prune: " + f.path + ": " + f.message, f.code});
    }
    if (report->no_delete) {
        print_error_line(ctx, report->no_delete->with_context(
                                  "remote prune: the server has no snapshot delete endpoint (or "
                                  "no such snapshot): nothing more was deleted"));
    }
    ctx.status = failed ? core::exit_status(core::Errc::remote) : 0;
}

}  // namespace

void add_remote_prune(CLI::App& remote, Context& ctx, const std::string& parent_name)
{
    auto flags = std::make_shared<RemotePruneFlags>();
    auto* cmd = add_remote_leaf(
        remote, ctx, parent_name, "prune",
        "Remove old snapshots ssosnap made from the server, by prune's --keep-* rules",
        [&ctx, flags](RemoteSession& s) { run_remote_prune(ctx, s, *flags); });
    cmd->footer(k_footer);
    add_retention_options(*cmd, flags->retention, "snapshot");
    cmd->add_flag("--include-foreign", flags->include_foreign,
                  "Apply the rules to snapshots ssosnap did not make too");
}

}  // namespace ssosnap::cli
