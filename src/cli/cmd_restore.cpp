// ssosnap restore ARCHIVE: the eight steps of a safe restore (workflow/restore.hpp), rendered.
// The plan (what the restore will change, secrets redacted) goes to stdout; progress, warnings
// and, on any failure after the safety snapshot, the server's state and the exact rollback
// command go to stderr.

#include "cli/age_flags.hpp"
#include "cli/commands.hpp"
#include "cli/connection.hpp"
#include "cli/html_report.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/remote_common.hpp"
#include "cli/restore_narration.hpp"
#include "cli/s3_support.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/interrupt.hpp"
#include "core/strings.hpp"
#include "diff/render.hpp"
#include "rest/transport.hpp"
#include "workflow/restore.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>

namespace ssosnap::cli
{
namespace
{

constexpr const char* k_footer = R"FOOTER(Steps:
  1 verify ARCHIVE locally; it must have metadata
  2 take a safety snapshot on the server ("ssosnap safety snapshot before restoring <id> ...");
    its metadata tells the live product, versions and base URL
  3 gate: another product is always refused; another Kantega SSO version is refused unless
    --force; product version and base URL differences are warnings (refusal: exit 6, nothing
    changed)
  4 plan: the safety snapshot diffed against ARCHIVE, secrets redacted (--plan stops here,
    and shows the plan even when the gate refused, then exits 6)
  5 confirm on a terminal, or --yes; without either: refused (exit 6). The plan is shown
    before the question; when stdout is not the terminal (| tee, > file) it is shown on
    stderr first and written to stdout after the answer
  6 upload ARCHIVE (an identical copy already on the server is reused), or with --drop-dir
    copy it into the server's mounted kerberos_snapshots folder; wait until it lists
  7 keep a copy of the safety snapshot beside ARCHIVE (--no-keep-safety-copy: don't), then
    restore ARCHIVE by id
  8 take a check snapshot and compare it with ARCHIVE (metadata aside)
On a terminal each step says what it does, with a progress bar for each transfer.
Snapshots taken only to compare are deleted from the server again (the check snapshot; the
safety snapshot when nothing was restored: --plan, a refusal, no confirmation, a failure
before step 7); a server without the delete endpoint gets a warning. Once step 7 was sent,
the server's state and the command that rolls back to the safety snapshot are printed.

Examples:
  export SSOSNAP_URL=https://jira.example.test SSOSNAP_USER=admin
  ssosnap restore backups/sso-snapshot-2026-11-27-22_00_01.zip --plan --token-file ~/.config/ssosnap/token
  ssosnap restore backups/sso-snapshot-2026-11-27-22_00_01.zip --plan --html plan.html --token-file ~/.config/ssosnap/token
  ssosnap restore backups/sso-snapshot-2026-11-27-22_00_01.zip --yes --token-file ~/.config/ssosnap/token

Exit status: 0 restored and verified (or --plan shown), 1 restored but the live config
differs from ARCHIVE, 2 usage error, 3 ARCHIVE unusable, 4 server error, 5 authentication or
permission refused, 6 refused by a gate or not confirmed.)FOOTER";

constexpr const char* k_remote_footer = R"FOOTER(Steps: ID must be listed as readable; a safety
snapshot is taken (its listed record tells the live product and Kantega SSO version); the
gate compares ID's listed record with it as 'ssosnap restore' does (another product: always
refused; another or unknown Kantega SSO version or unknown product: refused unless --force);
confirm on a terminal, or --yes (without either: refused, exit 6); restore. A safety snapshot
of a restore that was never sent is deleted again; once the restore was sent, the server's
state and the command that rolls back to the safety snapshot are printed.

Exit status: 0 restored, 2 usage error, 4 server error (also ID not listed), 5 authentication
or permission refused, 6 refused by the gate or not confirmed.)FOOTER";

struct RestoreFlags {
    std::string archive;
    bool plan = false;
    bool yes = false;
    bool force = false;
    std::string drop_dir;
    double wait = 60;
    std::string html;  ///< --html FILE: the plan as a page
    bool no_keep_safety_copy = false;
    AgeFlags age;
    S3Flags s3;  ///< ARCHIVE may be s3://BUCKET/KEY (staged; the safety copy goes beside it)
};

// The flags the rendering of an outcome depends on.
struct OutcomeFlags {
    bool yes = false;
    workflow::Force force = workflow::Force::no;
};

// Quotes `s` for a POSIX shell when it holds anything but safe characters.
std::string shell_quote(const std::string& s)
{
    const bool safe =
        !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_.,:/@%+=") == std::string::npos;
    if (safe) return s;
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The command that puts the safety snapshot back: the same server, identity and connection
// settings, --yes (the user already decided), --force when this run was forced; the profile
// and the token file actually used, or the flag that read the secret from stdin; no secret
// (a secret from SSOSNAP_TOKEN / SSOSNAP_PASSWORD is found there again).
std::string rollback_command(const RemoteSession& session, const std::string& safety_id,
                             workflow::Force force)
{
    const auto& resolved = session.resolved();
    const auto& client = resolved.client;
    const rest::ApiPaths defaults;
    const auto& origin = resolved.origin;
    std::string cmd = "ssosnap remote restore " + shell_quote(safety_id) + " --yes";
    if (!origin.profile.empty()) {
        if (!origin.config.empty()) cmd += " --config " + shell_quote(origin.config);
        cmd += " --profile " + shell_quote(origin.profile);
    }
    cmd += " --url " + shell_quote(client.base_url);
    const auto& cred = client.credentials;
    if (!cred.user.empty()) cmd += " --user " + shell_quote(cred.user);
    cmd += std::string(" --auth ") + rest::auth_scheme_name(cred.scheme);
    if (client.paths.snapshot_version != defaults.snapshot_version)
        cmd += " --snapshot-api-version " + shell_quote(client.paths.snapshot_version);
    if (!resolved.curl.ca_file.empty())
        cmd += " --cacert " + shell_quote(resolved.curl.ca_file.string());
    if (resolved.curl.insecure) cmd += " --insecure";
    if (force == workflow::Force::yes) cmd += " --force";
    if (origin.secret_source == "--token-file")
        cmd += " --token-file " + shell_quote(origin.token_file.string());
    else if (origin.secret_source == "--token-stdin" || origin.secret_source == "--password-stdin")
        cmd += " " + origin.secret_source;
    return cmd;
}

// Asks on the terminal; false without one (stdin and stderr must both be terminals).
bool confirm_on_terminal(Context& ctx, const std::string& what)
{
    if (!ctx.in_is_terminal || !ctx.err_is_terminal) return false;
    ctx.err << "Restore " << what << "? Type 'yes' to go on: " << std::flush;
    std::string answer;
    std::getline(ctx.in, answer);
    return core::trim(answer) == "yes";
}

nlohmann::json report_json(const diff::DiffReport& report)
{
    // The diff module keeps its JSON library private and hands out text.
    return nlohmann::json::parse(diff::render_json(report, {false, false}));
}

// What the CLI says about one outcome, built once, then rendered as text or JSON.
struct OutcomeView {
    const workflow::RestoreOutcome& outcome;
    std::string subject;               ///< the archive's path, or the snapshot id (remote restore)
    std::string server;                ///< the base URL
    std::string rollback;              ///< the rollback command; empty while nothing was changed
    std::optional<core::Error> error;  ///< the failure, its step as context
    int status = 0;
};

OutcomeView view_of(Context& ctx, const workflow::RestoreOutcome& out, RemoteSession& session,
                    std::string subject, const OutcomeFlags& flags)
{
    OutcomeView view{.outcome = out,
                     .subject = std::move(subject),
                     .server = session.resolved().client.base_url,
                     .rollback = {},
                     .error = {},
                     .status = 0};
    // Advice only when something may have changed: the restore was sent.
    if (out.safety && out.restore_called)
        view.rollback = rollback_command(session, out.safety->id, flags.force);
    if (out.error) {
        auto e = out.error->with_context(std::string(ctx.command) + " (" +
                                         workflow::step_name(out.step) + ")");
        if (e.id == "declined" && !flags.yes && !(ctx.in_is_terminal && ctx.err_is_terminal))
            e.message += ": no terminal to ask on; pass --yes to restore without asking";
        view.status = core::exit_status(e.code);
        view.error = std::move(e);
    } else if (out.result == workflow::RestoreResult::differs) {
        view.status = 1;
    }
    return view;
}

nlohmann::json view_json(const Context& ctx, const OutcomeView& v)
{
    const auto& out = v.outcome;
    auto doc = envelope(ctx);
    doc[ctx.command == "restore" ? "archive" : "id"] = v.subject;
    doc["server"] = v.server;
    doc["result"] = workflow::result_name(out.result);
    doc["step"] = workflow::step_name(out.step);
    doc["findings"] = findings_json(out.findings);
    doc["safety_snapshot"] = out.safety ? record_json(*out.safety) : nlohmann::json();
    doc["restore_called"] = out.restore_called;
    doc["server_state"] = out.server_state();
    doc["rollback"] = v.rollback.empty() ? nlohmann::json() : nlohmann::json(v.rollback);
    doc["safety_copy"] =
        out.safety_copy ? nlohmann::json(out.safety_copy->string()) : nlohmann::json();
    doc["removed"] = out.removed;
    doc["left"] = out.left;
    if (ctx.command == "restore") {
        doc["plan"] = out.plan ? report_json(*out.plan) : nlohmann::json();
        doc["reused_existing"] = out.reused_existing;
        doc["post_snapshot"] = out.post ? record_json(*out.post) : nlohmann::json();
        doc["post_diff"] = out.post_diff ? report_json(*out.post_diff) : nlohmann::json();
    }
    if (v.error) doc["error"] = error_json(*v.error);
    return doc;
}

// The result on stdout: the plan, the post-restore difference, or one line.
void print_result_text(Context& ctx, const OutcomeView& v)
{
    const auto& out = v.outcome;
    switch (out.result) {
    case workflow::RestoreResult::planned:
        ctx.out << diff::render_text(*out.plan, {false, false}) << "plan only: nothing restored\n";
        return;
    case workflow::RestoreResult::verified:
        ctx.out << "restored and verified: the live config on " << core::escape_controls(v.server)
                << " equals " << out.archive_id << "\n";
        return;
    case workflow::RestoreResult::differs:
        ctx.out << diff::render_text(*out.post_diff, {false, false});
        return;
    case workflow::RestoreResult::restored:
        ctx.out << "restored " << out.archive_id << " into the live config\n";
        return;
    case workflow::RestoreResult::refused:
        // --plan past a refusing gate: what a restore would change, were it let through.
        if (out.step == workflow::RestoreStep::gate && out.plan) {
            ctx.out << diff::render_text(*out.plan, {false, false})
                    << "plan only: nothing restored; the gate refuses this restore (below)\n";
        }
        return;
    case workflow::RestoreResult::failed:
        return;
    }
}

// What was left where: the safety snapshot's copy, and the snapshots taken only to compare
// that the server did not delete (one warning, whatever the number).
void render_leftovers(Context& ctx, const workflow::RestoreOutcome& out)
{
    if (out.safety_copy) {
        end_progress_line(ctx);
        ctx.err << "ssosnap: the safety snapshot " << out.safety->id
                << " is kept on the server, and its copy is "
                << core::escape_controls(out.safety_copy->string()) << "\n";
    }
    if (!out.cleanup_error) return;
    std::string ids;
    for (const auto& id : out.left)
        ids += (ids.empty() ? "" : ", ") + id;
    const auto& e = *out.cleanup_error;
    warn(ctx,
         (e.id == "no-delete" ? "the server has no snapshot delete endpoint (" + e.message + ")"
                              : "the server did not delete a snapshot (" + e.message + ")") +
             ": " + ids +
             " (taken only to compare) stays on the server; 'ssosnap remote prune' can "
             "remove it later");
}

// Renders the view: findings (an error finding as an error), the result (text or JSON) on
// stdout, then one error line, the server's state and the rollback command on stderr,
// whatever the format.
void render(Context& ctx, const OutcomeView& v)
{
    end_progress_line(ctx);
    for (const auto& f : v.outcome.findings)
        print_finding(ctx, f);
    if (ctx.json)
        print_json(ctx, view_json(ctx, v));
    else
        print_result_text(ctx, v);
    if (v.error) {
        print_error_line(ctx, *v.error);
    } else if (v.outcome.result == workflow::RestoreResult::differs) {
        print_error_line(ctx, core::Error{core::Errc::refused,
                                          "restore: restored " + v.outcome.archive_id +
                                              ", but the live config differs from it (above)",
                                          "differs"});
    }
    render_leftovers(ctx, v.outcome);
    if (!v.rollback.empty() || (v.error && v.outcome.safety))
        ctx.err << "ssosnap: state: " << v.outcome.server_state() << "\n";
    if (!v.rollback.empty()) ctx.err << "ssosnap: roll back with: " << v.rollback << "\n";
    ctx.status = v.status;
}

// --html FILE: the plan as one self-contained page (the safety snapshot is the old side, the
// archive the new one), whenever the run got as far as a plan. Returns the write's error.
std::optional<core::Error> write_plan_page(Context& ctx, const workflow::RestoreOutcome& out,
                                           const std::string& path, workflow::Force force)
{
    if (!out.plan || !out.safety) {
        warn(ctx, "no plan was made, so no report was written to " + core::quote(path));
        return std::nullopt;
    }
    report::PageInfo info;
    info.title = "Restore plan";
    info.generator = report_generator();
    info.old_side = {.role = "server now (safety snapshot)", .meta = out.safety->meta};
    info.new_side = {.role = "archive to restore", .meta = out.archive_meta};
    info.gate = gate_view(out.archive_meta, out.safety->meta, force,
                          "Can the archive be restored onto this server?");
    auto written = write_html_file(path, report::render_html(*out.plan, info), Reveal::no);
    if (!written) return written.error();
    return std::nullopt;
}

// Step 5: the plan, then the question, in that order on the screen. With stdout on the
// terminal the plan goes there (flushed) before the question on stderr. When stdout is not the
// terminal the question is asked on (| tee log, > file, --json), the plan is shown on stderr
// before the question and written to stdout (text) after the answer, so a log holds it too.
bool show_plan_and_ask(Context& ctx, RestoreNarrator& narrator, const diff::DiffReport& plan,
                       const RestoreFlags& flags, const std::string& what)
{
    narrator.pause();
    const bool asking = !flags.yes && ctx.in_is_terminal && ctx.err_is_terminal;
    const std::string text = diff::render_text(plan, {false, false});
    const bool plan_on_stderr = asking && (!ctx.out_is_terminal || ctx.json);
    if (plan_on_stderr)
        ctx.err << text << std::flush;
    else if (!ctx.json)
        ctx.out << text << std::flush;
    const bool yes = flags.yes || confirm_on_terminal(ctx, what);
    if (plan_on_stderr && !ctx.json) ctx.out << text << std::flush;
    return yes;
}

void run_restore(Context& ctx, RemoteSession& session, const RestoreFlags& flags,
                 StagedArchives& archives)
{
    const std::string server = session.resolved().client.base_url;
    // The safety and post-restore snapshots' copies: removed on every way out, signals too.
    auto work = core::TempFolder::create("ssosnap-restore");
    if (!work) return void(report_error(ctx, work.error()));

    const std::filesystem::path archive = archives.path(0);
    auto& staged = archives.archive(0);
    const std::string archive_id =
        std::filesystem::path(workflow::plain_file_name(flags.archive)).stem().string();
    RestoreNarrator narrator(ctx, {.archive = archive.filename().string(),
                                   .id = archive_id,
                                   .drop_dir = flags.drop_dir,
                                   .listed = false,
                                   .yes = flags.yes});
    workflow::RestoreRequest request{
        .archive = archive,
        .work_dir = work->path(),
        .plan_only = flags.plan,
        .force = flags.force,
        .drop_dir = flags.drop_dir.empty() ? std::nullopt
                                           : std::optional<std::filesystem::path>(flags.drop_dir),
        .now_millis = core::now_millis(),
        .confirm =
            [&](const diff::DiffReport& plan) {
                return show_plan_and_ask(ctx, narrator, plan, flags,
                                         archive_id + " onto " + server);
            },
        .wait_timeout = std::chrono::milliseconds(static_cast<long long>(flags.wait * 1000)),
        .redactor = make_redactor(ctx, Reveal::no),
        .keep_safety_copy = flags.no_keep_safety_copy ? workflow::KeepSafetyCopy::no
                                                      : workflow::KeepSafetyCopy::yes,
        .observer = &narrator,
        .age = age_options(ctx, flags.age, session.resolved().profile),
    };
    if (!ctx.json) ctx.err << "ssosnap: restoring " << archive_id << " onto " << server << "\n";
    auto out = workflow::restore(session.client(), request);
    narrator.pause();
    if (out.error) out.error = archives.shown(*out.error);  // named as given, not as staged
    out.findings = archives.shown(std::move(out.findings));
    if (out.safety_copy && staged.staged()) {  // the staged folder goes away: keep it beside
        auto kept = staged.publish_beside(*out.safety_copy);
        if (kept) {
            out.safety_copy = *kept;
        } else {
            warn(ctx, "the safety snapshot's copy could not be uploaded: " + kept.error().message);
            out.safety_copy.reset();
        }
    }
    const OutcomeFlags outcome_flags{
        .yes = flags.yes, .force = flags.force ? workflow::Force::yes : workflow::Force::no};
    std::optional<core::Error> page_error;
    if (!flags.html.empty())
        page_error = write_plan_page(ctx, out, flags.html, outcome_flags.force);
    render(ctx, view_of(ctx, out, session, flags.archive, outcome_flags));
    if (page_error) {
        print_error_line(ctx, *page_error);
        if (ctx.status == 0) ctx.status = core::exit_status(page_error->code);
    }
}

struct RemoteRestoreFlags {
    std::string id;
    bool yes = false;
    bool force = false;
};

void run_remote_restore(Context& ctx, RemoteSession& session, const RemoteRestoreFlags& flags)
{
    const std::string server = session.resolved().client.base_url;
    RestoreNarrator narrator(
        ctx,
        {.archive = flags.id, .id = flags.id, .drop_dir = {}, .listed = true, .yes = flags.yes});
    const OutcomeFlags outcome_flags{
        .yes = flags.yes, .force = flags.force ? workflow::Force::yes : workflow::Force::no};
    const workflow::RestoreListedRequest request{
        .id = flags.id,
        .force = outcome_flags.force,
        .now_millis = core::now_millis(),
        .confirm =
            [&](const diff::DiffReport&) {
                return flags.yes ||
                       confirm_on_terminal(ctx, core::quote(flags.id) + " onto " + server);
            },
        .observer = &narrator,
    };
    const auto out = workflow::restore_listed(session.client(), request);
    narrator.pause();
    render(ctx, view_of(ctx, out, session, flags.id, outcome_flags));
}

}  // namespace

void add_restore(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto flags = std::make_shared<RestoreFlags>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    cmd->add_option("ARCHIVE", flags->archive,
                    "The snapshot archive to restore (.zip, or .zip.age with --identity)")
        ->required();
    add_identity_flags(*cmd, flags->age);
    auto conn = std::make_shared<ConnectionFlags>();
    add_connection_options(*cmd, *conn);
    add_json_flag(*cmd, ctx);
    cmd->add_flag("--plan", flags->plan,
                  "Stop after showing what the restore would change (takes the safety snapshot)");
    cmd->add_option("--html", flags->html,
                    "Also write the plan as one self-contained HTML page to FILE (atomically, "
                    "secrets redacted; written whenever a plan was made)")
        ->type_name("FILE");
    cmd->add_flag("--yes", flags->yes, "Do not ask for confirmation");
    cmd->add_flag("--force", flags->force,
                  "Restore even when the Kantega SSO version differs or is unknown (never "
                  "another product)");
    cmd->add_option("--drop-dir", flags->drop_dir,
                    "The server's kerberos_snapshots folder, mounted here: copy ARCHIVE into it "
                    "instead of uploading, and read server snapshots from it");
    add_s3_flags(*cmd, flags->s3);
    cmd->add_flag("--no-keep-safety-copy", flags->no_keep_safety_copy,
                  "Do not keep a copy of the safety snapshot beside ARCHIVE (it stays on the "
                  "server all the same)");
    cmd->add_option("--wait", flags->wait,
                    "Seconds to wait for the server to list the transferred archive")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->callback([&ctx, &spec, conn, flags] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, flags->s3, {flags->archive});
        if (!archives) return void(report_error(ctx, archives.error()));
        auto session = open_session(ctx, *conn);
        if (!session) return void(report_error(ctx, session.error()));
        run_restore(ctx, **session, *flags, *archives);
    });
}

void add_remote_restore(CLI::App& remote, Context& ctx, const std::string& parent_name)
{
    auto flags = std::make_shared<RemoteRestoreFlags>();
    auto* cmd = add_remote_leaf(
        remote, ctx, parent_name, "restore",
        "Restore a snapshot that is on the server into the live config, after a safety "
        "snapshot and the product gate (an archive: prefer 'ssosnap restore')",
        [&ctx, flags](RemoteSession& s) { run_remote_restore(ctx, s, *flags); });
    cmd->footer(k_remote_footer);
    cmd->add_option("ID", flags->id, "Snapshot id, as 'ssosnap remote list' shows")->required();
    cmd->add_flag("--yes", flags->yes, "Do not ask for confirmation");
    cmd->add_flag("--force", flags->force,
                  "Restore even when the Kantega SSO version differs or is unknown (never "
                  "another product)");
}

}  // namespace ssosnap::cli
