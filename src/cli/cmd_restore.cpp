// ssosnap restore ARCHIVE: the eight steps of a safe restore (workflow/restore.hpp), rendered.
// The plan (what the restore will change, secrets redacted) goes to stdout; progress, warnings
// and, on any failure after the safety snapshot, the server's state and the exact rollback
// command go to stderr.

#include "cli/commands.hpp"
#include "cli/connection.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/remote_common.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"
#include "diff/render.hpp"
#include "rest/transport.hpp"
#include "workflow/restore.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
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
    changed but the safety snapshot)
  4 plan: the safety snapshot diffed against ARCHIVE, secrets redacted (--plan stops here)
  5 confirm on a terminal, or --yes; without either: refused (exit 6)
  6 upload ARCHIVE (an identical copy already on the server is reused), or with --drop-dir
    copy it into the server's mounted kerberos_snapshots folder; wait until it lists
  7 restore it by id
  8 take a post-restore snapshot and compare it with ARCHIVE (metadata aside)
Any failure after step 2 prints the server's state and the command that rolls back to the
safety snapshot.

Examples:
  export SSOSNAP_URL=https://jira.example.test SSOSNAP_USER=admin
  ssosnap restore backups/sso-snapshot-2026-11-27-22_00_01.zip --plan --token-file ~/.config/ssosnap/token
  ssosnap restore backups/sso-snapshot-2026-11-27-22_00_01.zip --yes --token-file ~/.config/ssosnap/token

Exit status: 0 restored and verified (or --plan shown), 1 restored but the live config
differs from ARCHIVE, 2 usage error, 3 ARCHIVE unusable, 4 server error, 5 authentication or
permission refused, 6 refused by a gate or not confirmed.)FOOTER";

struct RestoreFlags {
    std::string archive;
    bool plan = false;
    bool yes = false;
    bool force = false;
    std::string drop_dir;
    double wait = 60;
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

// The command that puts the safety snapshot back: the same server and identity, no secret.
std::string rollback_command(const RemoteSession& session, const std::string& safety_id)
{
    const auto& client = session.resolved().client;
    const rest::ApiPaths defaults;
    std::string cmd =
        "ssosnap remote restore " + safety_id + " --url " + shell_quote(client.base_url);
    const auto& cred = client.credentials;
    if (!cred.user.empty()) cmd += " --user " + shell_quote(cred.user);
    cmd += std::string(" --auth ") + rest::auth_scheme_name(cred.scheme);
    if (client.paths.snapshot_version != defaults.snapshot_version)
        cmd += " --snapshot-api-version " + shell_quote(client.paths.snapshot_version);
    cmd += cred.is_password ? " --password-stdin" : " --token-file TOKEN_FILE";
    return cmd;
}

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
    return nlohmann::json::parse(diff::render_json(report, {false, false}));
}

void run_restore(Context& ctx, RemoteSession& session, const RestoreFlags& flags)
{
    const std::string server = session.resolved().client.base_url;
    auto work = core::make_temp_dir("ssosnap-restore");
    if (!work) return void(report_error(ctx, work.error()));
    struct Cleanup {
        std::filesystem::path dir;
        ~Cleanup()
        {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } cleanup{*work};

    workflow::RestoreRequest request;
    request.archive = flags.archive;
    request.work_dir = *work;
    request.plan_only = flags.plan;
    request.force = flags.force;
    if (!flags.drop_dir.empty()) request.drop_dir = flags.drop_dir;
    request.now_millis = core::now_millis();
    request.redactor = make_redactor(ctx, Reveal::no);
    request.wait_timeout = std::chrono::milliseconds(static_cast<long long>(flags.wait * 1000));
    const std::string archive_id = std::filesystem::path(flags.archive).stem().string();
    request.confirm = [&](const diff::DiffReport& plan) {
        if (!ctx.json) ctx.out << diff::render_text(plan, {false, false}) << std::flush;
        if (flags.yes) return true;
        return confirm_on_terminal(ctx, archive_id + " onto " + server);
    };
    if (!ctx.json) ctx.err << "ssosnap: restoring " << archive_id << " onto " << server << "\n";

    auto out = workflow::restore(session.client(), request);

    for (const auto& f : out.findings)
        warn(ctx, f.code + ": " + f.message);
    if (out.result == workflow::RestoreResult::refused && out.error &&
        out.error->id == "declined" && !flags.yes && !(ctx.in_is_terminal && ctx.err_is_terminal)) {
        out.error->message += ": no terminal to ask on; pass --yes to restore without asking";
    }
    const bool after_safety = out.safety.has_value();
    const std::string rollback = after_safety ? rollback_command(session, out.safety->id) : "";

    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["archive"] = flags.archive;
        doc["server"] = server;
        doc["result"] = workflow::result_name(out.result);
        doc["step"] = workflow::step_name(out.step);
        doc["findings"] = findings_json(out.findings);
        doc["safety_snapshot"] = out.safety ? record_json(*out.safety) : nlohmann::json();
        doc["plan"] = out.plan ? report_json(*out.plan) : nlohmann::json();
        doc["reused_existing"] = out.reused_existing;
        doc["restore_called"] = out.restore_called;
        doc["post_snapshot"] = out.post ? record_json(*out.post) : nlohmann::json();
        doc["post_diff"] = out.post_diff ? report_json(*out.post_diff) : nlohmann::json();
        doc["server_state"] = out.server_state();
        doc["rollback"] = after_safety ? nlohmann::json(rollback) : nlohmann::json();
        if (out.error) {
            const auto& e = *out.error;
            ctx.status = core::exit_status(e.code);
            ctx.err << "ssosnap: error: restore (" << workflow::step_name(out.step)
                    << "): " << e.message << "\n";
            doc["error"] = error_json(e);
            if (after_safety) {
                ctx.err << "ssosnap: state: " << out.server_state() << "\n"
                        << "ssosnap: roll back with: " << rollback << "\n";
            }
        }
        if (out.result == workflow::RestoreResult::differs) ctx.status = 1;
        if (out.result == workflow::RestoreResult::verified ||
            out.result == workflow::RestoreResult::planned)
            ctx.status = 0;
        print_json(ctx, doc);
        return;
    }

    switch (out.result) {
    case workflow::RestoreResult::planned:
        if (out.plan) ctx.out << diff::render_text(*out.plan, {false, false});
        ctx.out << "plan only: nothing restored; the safety snapshot " << out.safety->id
                << " is on the server\n";
        ctx.status = 0;
        return;
    case workflow::RestoreResult::verified:
        ctx.out << "restored and verified: the live config on " << server << " equals "
                << archive_id << "\n";
        ctx.err << "ssosnap: safety snapshot " << out.safety->id << " is on the server; "
                << "roll back with: " << rollback << "\n";
        ctx.status = 0;
        return;
    case workflow::RestoreResult::differs:
        ctx.out << diff::render_text(*out.post_diff, {false, false});
        ctx.err << "ssosnap: error: restore: restored " << archive_id
                << ", but the live config differs from it (above)\n"
                << "ssosnap: state: " << out.server_state() << "\n"
                << "ssosnap: roll back with: " << rollback << "\n";
        ctx.status = 1;
        return;
    case workflow::RestoreResult::refused:
    case workflow::RestoreResult::failed:
        if (out.error)
            report_error(ctx, out.error->with_context(std::string("restore (") +
                                                      workflow::step_name(out.step) + ")"));
        if (after_safety) {
            ctx.err << "ssosnap: state: " << out.server_state() << "\n";
            ctx.err << "ssosnap: roll back with: " << rollback << "\n";
        }
        return;
    }
}

}  // namespace

void add_restore(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto flags = std::make_shared<RestoreFlags>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    cmd->add_option("ARCHIVE", flags->archive, "The snapshot archive to restore")->required();
    auto conn = std::make_shared<ConnectionFlags>();
    add_connection_options(*cmd, *conn);
    add_json_flag(*cmd, ctx);
    cmd->add_flag("--plan", flags->plan,
                  "Stop after showing what the restore would change (takes the safety snapshot)");
    cmd->add_flag("--yes", flags->yes, "Do not ask for confirmation");
    cmd->add_flag("--force", flags->force,
                  "Restore even when the Kantega SSO version differs (never another product)");
    cmd->add_option("--drop-dir", flags->drop_dir,
                    "The server's kerberos_snapshots folder, mounted here: copy ARCHIVE into it "
                    "instead of uploading, and read server snapshots from it");
    cmd->add_option("--wait", flags->wait,
                    "Seconds to wait for the server to list the transferred archive")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->callback([&ctx, &spec, conn, flags] {
        ctx.command = spec.name;
        auto session = open_session(ctx, *conn);
        if (!session) return void(report_error(ctx, session.error()));
        run_restore(ctx, **session, *flags);
    });
}

}  // namespace ssosnap::cli
