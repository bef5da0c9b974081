// ssosnap backup: take a snapshot on a server, bring it home, prove it is intact.
// argv → connection → workflow::backup → path on stdout (or one JSON document).

#include "cli/age_flags.hpp"
#include "cli/backup_profiles.hpp"
#include "cli/commands.hpp"
#include "cli/connection.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/remote_common.hpp"
#include "cli/s3_support.hpp"
#include "cli/watch_hooks.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "rest/url.hpp"
#include "workflow/backup.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

constexpr const char* k_footer =
    R"FOOTER(Steps: ping → create a snapshot with a unique description ("<TEXT> (ssosnap <stamp>)",
without --description "ssosnap backup <stamp>") → find its id by that description (the
create answer is undocumented) → download it to a temporary file beside DIR/<id>.zip →
verify every entry of the temporary (an archive with an error finding is discarded) →
rename it to DIR/<id>.zip (mode 0600, never over a file) → write DIR/<id>.zip.sha256. DIR
is created when missing (and removed again if the backup fails). The path is printed on
stdout.

With --encrypt-to / --recipients-file the snapshot is kept in memory, verified there and
encrypted with the age program to DIR/<id>.zip.age (its .sha256 covers the encrypted file;
DIR/<id>.zip.age.json holds the readable metadata). No plaintext zip is written. A profile's
encrypt-to / recipients-file keys do the same unless a recipient flag is given (then only the
flags count), for --all-profiles each profile's own. See docs/encryption.md.

The download endpoint is an assumption of this project (--download-path overrides it). A
server without one answers 404: then the snapshot stays on the server as <id>.zip in the
kerberos_snapshots folder of its application home; mount that folder and pass --from-dir.

Examples:
  export SSOSNAP_URL=https://jira.example.test SSOSNAP_USER=admin
  ssosnap backup --to backups/ --token-file ~/.config/ssosnap/token
  ssosnap backup --to backups/ --description "before upgrade to 9.12" --password-stdin
  ssosnap backup --to backups/ --encrypt-to age1... --encrypt-to "$(cat breakglass.pub)"

Exit status: 0 backed up and verified, 2 usage error, 3 DIR not a folder or cannot be
created, 4 server error or a snapshot that is not intact, 5 authentication or permission
refused.)FOOTER";

struct BackupFlags {
    std::string to;
    std::string description;
    std::string from_dir;
    AgeFlags age;
    S3Flags s3;
};

void run_backup(Context& ctx, RemoteSession& session, const BackupFlags& flags,
                const BackupMonitoring& monitoring, const std::string& instance)
{
    Hooks hooks;
    hooks.ping_url = monitoring.ping_url;
    const auto started = core::now_millis();
    ping(ctx, hooks, "/start");
    auto destination = BackupDestination::open(ctx, flags.to, flags.s3);
    if (!destination) {
        ping(ctx, hooks, "/fail");
        return void(report_error(ctx, destination.error()));
    }
    workflow::BackupRequest request;
    request.to_dir = destination->local_dir();
    request.description = flags.description;
    if (!flags.from_dir.empty()) request.from_dir = flags.from_dir;
    request.now_millis = core::now_millis();
    ProgressBar bar(ctx, "download");
    request.progress = bar.callback();
    request.encrypt = age_options(ctx, flags.age, session.resolved().profile);
    ctx.err << "ssosnap: backing up " << session.resolved().client.base_url << "\n";
    auto done = workflow::backup(session.client(), request);
    bar.finish();
    std::string location;
    if (done) {
        if (destination->is_s3()) ctx.err << "ssosnap: uploading to " << flags.to << "\n";
        auto published = destination->publish(done->path);
        if (!published)
            done = core::fail(published.error());
        else
            location = *published;
    }
    write_backup_metrics(ctx, monitoring, {backup_metrics(instance, started, done)});
    ping(ctx, hooks, done ? "" : "/fail");
    if (!done) return void(report_error(ctx, done.error()));
    for (const auto& f : done->findings)
        warn(ctx, done->path.filename().string() + ": " + f.code + ": " + f.message);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["server"] = session.resolved().client.base_url;
        doc["snapshot"] = record_json(done->record);
        doc["path"] = location;
        doc["sha256"] = done->sha256;
        doc["bytes"] = done->bytes;
        doc["source"] = done->copied ? "from-dir" : "download";
        doc["verified"] = true;
        doc["encrypted"] = crypt::encrypts(request.encrypt);
        doc["findings"] = findings_json(done->findings);
        print_json(ctx, doc);
        return;
    }
    ctx.err << "ssosnap: " << done->record.id << " (" << human_size(done->bytes)
            << ") verified, sha256 " << done->sha256.substr(0, 16) << "…\n";
    ctx.out << location << "\n";
}

}  // namespace

void add_backup(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto flags = std::make_shared<BackupFlags>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    auto conn = std::make_shared<ConnectionFlags>();
    add_connection_options(*cmd, *conn);
    add_json_flag(*cmd, ctx);
    cmd->add_option("--to", flags->to,
                    "Folder to write the archive and its .sha256 into (created when missing), "
                    "or s3://BUCKET/PREFIX/ (uploaded with its sidecars and read back)")
        ->required();
    cmd->add_option("--description", flags->description,
                    "Text to describe the snapshot on the server (a unique stamp is appended; "
                    "default: \"ssosnap backup <stamp>\")");
    cmd->add_option("--from-dir", flags->from_dir,
                    "The server's kerberos_snapshots folder, mounted here: copy the snapshot from "
                    "it when the server has no download endpoint");
    add_encrypt_flags(*cmd, flags->age);
    add_s3_flags(*cmd, flags->s3);
    // --- many servers (backup_profiles.cpp, engineer R) ---
    auto multi = std::make_shared<MultiBackupFlags>();
    add_multi_backup_options(*cmd, *multi);
    // --- end many servers ---
    auto monitoring = std::make_shared<BackupMonitoring>();
    add_backup_monitoring_options(*cmd, *monitoring);
    cmd->callback([&ctx, &spec, conn, flags, multi, monitoring] {
        ctx.command = spec.name;
        if (wants_multi_backup(*multi)) {  // many servers: one backup per profile
            return run_multi_backup(ctx, *conn, *multi, flags->to, flags->description, *monitoring,
                                    flags->age, flags->s3);
        }
        auto session = open_session(ctx, *conn);
        if (!session) return void(report_error(ctx, session.error()));
        const auto instance = conn->profile.empty()
                                  ? rest::redact_url((*session)->resolved().client.base_url)
                                  : conn->profile;
        run_backup(ctx, **session, *flags, *monitoring, instance);
    });
}

}  // namespace ssosnap::cli
