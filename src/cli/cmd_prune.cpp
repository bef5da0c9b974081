// ssosnap prune DIR --keep-* N ... : restic-forget retention over a backup folder.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/retention_options.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "metadata/time_check.hpp"
#include "workflow/prune.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct PruneArgs {
    std::string dir;
    RetentionFlags retention;
    S3Flags s3;
};

constexpr const char* k_footer =
    R"(Archives are ordered by their metadata timeMillis, newest first. --keep-last N keeps
the N newest; each other rule keeps the newest archive of each of its N most recent
hours / days / ISO weeks / months / years (UTC) that hold one, as restic forget does.
A rule of 0 keeps nothing by that rule (--keep-last 0 --keep-daily 7 = --keep-daily 7;
--keep-last 0 alone removes every archive that is not protected or undated).
An archive kept by several rules lists every reason. Safety snapshots ("ssosnap safety
snapshot before restoring ...") and the vendor's "Backup before upgrade ..." snapshots are
never removed unless --include-protected; archives without a timeMillis are never removed.
A removed archive takes its sidecars (NAME.zip.sha256, NAME.json) with it.

Example:
  ssosnap prune backups/ --keep-last 3 --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --dry-run

Exit status: 0 done (or planned with --dry-run), 2 no --keep-* rule, 3 the folder cannot be
read or an archive cannot be removed.)";

std::string time_text(const workflow::PrunedArchive& a)
{
    return a.time_millis ? metadata::format_utc_millis(*a.time_millis) : std::string("-");
}

nlohmann::json archive_json(const workflow::PrunedArchive& a)
{
    auto sidecars = nlohmann::json::array();
    for (const auto& s : a.sidecars)
        sidecars.push_back(s.filename().string());
    nlohmann::json j = {{"file", a.archive.filename().string()},
                        {"sidecars", sidecars},
                        {"time_millis", a.time_millis ? nlohmann::json(*a.time_millis) : nullptr},
                        {"description", a.description},
                        {"protected", workflow::protection_name(a.protection)}};
    add_verdict_json(j, a.verdict, a.removed);
    return j;
}

void render_text(Context& ctx, const workflow::PruneReport& report, bool dry_run)
{
    std::vector<std::vector<std::string>> rows = {{"ACTION", "TIME (UTC)", "ARCHIVE", "REASONS"}};
    std::size_t kept = 0;
    for (const auto& a : report.archives) {
        kept += a.verdict.keep ? 1 : 0;
        auto name = a.archive.filename().string();
        if (!a.sidecars.empty()) name += " (+" + std::to_string(a.sidecars.size()) + " sidecars)";
        rows.push_back({prune_action(a.verdict, dry_run, a.removed), time_text(a), name,
                        join_reasons(a.verdict.reasons)});
    }
    print_table(ctx.out, rows);
    print_prune_summary(ctx.out, dry_run, kept, report.archives.size(), "archives");
}

void run_prune(Context& ctx, const PruneArgs& args)
{
    workflow::PruneOptions options;
    const auto& retention = args.retention;
    options.policy = retention.policy;
    options.include_protected = include_protected(retention);
    options.dry_run = retention.dry_run ? workflow::DryRun::yes : workflow::DryRun::no;
    warn_when_no_rule_keeps(ctx, retention, "an archive");
    core::Result<workflow::PruneReport> report = core::fail(core::Errc::internal, "");
    if (s3::is_s3_url(args.dir)) {
        auto folder = parse_s3_folder(args.dir);
        auto session = folder
                           ? S3Session::open(ctx, args.s3)
                           : core::Result<std::unique_ptr<S3Session>>(core::fail(folder.error()));
        report = session ? prune_bucket(**session, *folder, options)
                         : core::Result<workflow::PruneReport>(core::fail(session.error()));
    } else {
        report = workflow::prune_folder(args.dir, options);
    }
    if (!report) {
        report_error(ctx, report.error().with_context("pruning '" + args.dir + "'"));
        return;
    }
    bool failed = core::has_errors(report->findings);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["dir"] = args.dir;
        doc["dry_run"] = retention.dry_run;
        doc["kept"] = nlohmann::json::array();
        doc["removed"] = nlohmann::json::array();
        for (const auto& a : report->archives)
            doc[a.verdict.keep ? "kept" : "removed"].push_back(archive_json(a));
        doc["findings"] = findings_json(report->findings);
        print_json(ctx, doc);
    } else {
        render_text(ctx, *report, retention.dry_run);
    }
    for (const auto& f : report->findings) {
        if (f.severity == core::Severity::error)
            print_error_line(ctx,
                             {core::Errc::input,
                              "pruning " + core::quote(args.dir) + ": " + f.path + ": " + f.message,
                              f.code});
        else
            warn(ctx, f.path + ": " + f.message);
    }
    ctx.status = failed ? core::exit_status(core::Errc::input) : 0;
}

}  // namespace

void add_prune(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<PruneArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    add_s3_flags(*cmd, args->s3);
    cmd->add_option("DIR", args->dir,
                    "Folder of snapshot archives (not searched recursively), or "
                    "s3://BUCKET/PREFIX/")
        ->required();
    add_retention_options(*cmd, args->retention, "archive");
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_prune(ctx, *args);
    });
}

}  // namespace ssosnap::cli
