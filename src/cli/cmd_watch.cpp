// ssosnap watch: has the SSO configuration drifted from a baseline? argv → per instance:
// lock → workflow::watch_once → risk classes → output, notification, metrics, ping. One-shot
// (cron, systemd timer) or --every DURATION as a service.

#include "cli/age_flags.hpp"
#include "cli/backup_profiles.hpp"
#include "cli/commands.hpp"
#include "cli/connection.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/watch_hooks.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "diff/render.hpp"
#include "rest/url.hpp"
#include "workflow/metrics.hpp"
#include "workflow/watch.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

constexpr const char* k_footer =
    R"FOOTER(Each run: take a snapshot on the server (or, with --from, the newest archive of a
folder) → compare it with the baseline (BASELINE itself, or the newest archive of the folder
BASELINE) exactly as 'ssosnap diff' does, secrets redacted → give every change a risk class
(docs/format.md, "Risk classes") → print the changes. When nothing changed, the server
snapshot is deleted again; when something changed it stays on the server and is downloaded
beside the baseline (with its .sha256) as evidence. With a folder baseline the evidence is
then the newest archive: each change is reported once. Pin an archive to report it until
someone approves it (replaces the baseline).

With --encrypt-to / --recipients-file the evidence is NAME.zip.age (with its .sha256 and
its readable NAME.zip.age.json), as 'backup --encrypt-to' writes it: the server snapshot is
held in memory, never written in plaintext. An encrypted baseline (NAME.zip.age) is read
with --identity (or $SSOSNAP_AGE_IDENTITY); it also needs recipients, so that no plaintext
evidence lands beside it (exit 2, code "plaintext-evidence").

A lock file beside the baseline (.ssosnap-watch.lock) keeps two runs on one baseline apart:
the second is refused (exit 6, code "locked").

Examples:
  ssosnap watch --baseline backups/ --token-file ~/.config/ssosnap/token --url https://jira.example.test
  ssosnap watch --baseline approved/sso-snapshot-2024-05-01-02_00_00.zip --fail-on high \
      --notify-url https://chat.example.test/hooks/XYZ --metrics-file /var/lib/node_exporter/textfile/ssosnap_watch.prom
  ssosnap watch --all-profiles --baseline backups/ --every 15m
  ssosnap watch --baseline backups/ --identity ~/.config/ssosnap/age.key --recipients-file backup.pub

Exit status: 0 no drift (or none of the --fail-on class), 1 drift, 2 usage error, 3 local
input unusable, 4 server error, 5 authentication refused, 6 another run holds the lock.)FOOTER";

struct WatchFlags {
    std::string baseline;
    std::string from;
    std::string from_dir;
    std::string description = "ssosnap watch";
    std::string fail_on = "any";
    std::string every;
    int count = 0;
    std::string metrics_file;
    Hooks hooks;
    AgeFlags age;  ///< recipients for the evidence, identities for an encrypted baseline
};

/// One server (or --from folder) to watch.
struct Target {
    std::string instance;  ///< metrics label and name in messages
    fs::path baseline;
    /// The server, resolved once (a password on stdin is read once, also with --every);
    /// absent with --from.
    std::optional<ResolvedConnection> resolved;
    std::optional<core::Error> error;  ///< why this profile's connection cannot be resolved
};

struct Outcome {
    int status = 0;
    std::optional<workflow::WatchResult> result;
    std::optional<core::Error> error;
    workflow::InstanceMetrics metrics;
};

core::Result<std::chrono::seconds> parse_every(const std::string& text)
{
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    const std::string unit = text.substr(used);
    const long long scale = unit.empty() || unit == "s" ? 1
                            : unit == "m"               ? 60
                            : unit == "h"               ? 3600
                            : unit == "d"               ? 86400
                                                        : 0;
    if (used == 0 || scale == 0 || n < 1 || n > 1'000'000) {
        return core::fail(core::Errc::usage,
                          "--every " + core::quote(text) +
                              ": give a number and s, m, h or d "
                              "(\"30s\", \"15m\", \"1h\")",
                          "usage");
    }
    return std::chrono::seconds(n * scale);
}

diff::RiskClass threshold(const std::string& fail_on)
{
    if (fail_on == "high") return diff::RiskClass::high;
    if (fail_on == "medium") return diff::RiskClass::medium;
    return diff::RiskClass::low;
}

bool fails(const workflow::WatchResult& r, diff::RiskClass at_least)
{
    for (const auto& c : r.changes) {
        if (c.risk >= at_least) return true;
    }
    return false;
}

void print_changes(Context& ctx, const std::string& instance, const workflow::WatchResult& r)
{
    const auto n = diff::count_risks(r.changes);
    if (r.changes.empty()) {
        ctx.out << instance << ": no drift from " << r.baseline.filename().string() << "\n";
        return;
    }
    ctx.out << instance << ": drift from " << r.baseline.filename().string() << ": "
            << r.changes.size() << " changes (high " << n.high << ", medium " << n.medium
            << ", low " << n.low << ")\n";
    TextTable table;
    table.cell("CLASS").cell("CHANGE").cell("ENTRY").cell("FIELD").cell("REASON").end_row();
    for (const auto& c : r.changes) {
        table.cell(diff::risk_class_name(c.risk)).cell(c.change).escaped_cell(c.entry);
        table.escaped_cell(c.field.empty() ? "-" : c.field).cell(c.reason).end_row();
    }
    table.print(ctx.out);
    ctx.out << "\n" << diff::render_text(r.report, {false, false});
}

nlohmann::json result_json(const std::string& instance, const workflow::WatchResult& r, int status)
{
    auto doc = drift_document(instance, r, core::now_millis());
    for (const char* k : {"version", "source", "command", "event", "text", "time"})
        doc.erase(std::string(k));
    doc["exit_status"] = status;
    doc["drift"] = !r.changes.empty();
    doc["baseline"] = r.baseline.string();
    doc["evidence"] = r.evidence.string();
    doc["server_snapshot"] = {{"id", r.snapshot_id},
                              {"cleanup", workflow::server_cleanup_name(r.cleanup)}};
    doc["diff"] = nlohmann::json::parse(diff::render_json(r.report, {false, false}));
    return doc;
}

// Says what became of the server snapshot; the missing delete endpoint only once per process.
void report_cleanup(Context& ctx, const std::string& instance, const workflow::WatchResult& r,
                    std::set<std::string>& told)
{
    using workflow::ServerCleanup;
    if (r.cleanup == ServerCleanup::deleted) {
        ctx.err << "ssosnap: " << instance << ": no drift; comparison snapshot " << r.snapshot_id
                << " deleted from the server\n";
    } else if (r.cleanup == ServerCleanup::kept) {
        ctx.err << "ssosnap: " << instance << ": evidence kept on the server as " << r.snapshot_id
                << " and here as " << core::escape_controls(r.evidence.string()) << "\n";
    } else if (r.cleanup == ServerCleanup::no_endpoint && told.insert(instance).second) {
        warn(ctx, instance + ": the server has no delete endpoint (--delete-path): comparison "
                             "snapshots stay in its kerberos_snapshots folder; remove them there");
    } else if (r.cleanup == ServerCleanup::failed) {
        warn(ctx, instance + ": deleting comparison snapshot " + r.snapshot_id +
                      " failed: " + r.cleanup_error);
    }
}

// One watch of `t`; the caller holds the baseline's lock.
core::Result<workflow::WatchResult> watch_target(Context& ctx, const Target& t, const WatchFlags& f)
{
    workflow::WatchRequest request;
    request.baseline = t.baseline;
    if (!f.from.empty()) request.from = f.from;
    if (!f.from_dir.empty()) request.snapshots_dir = f.from_dir;
    request.description = f.description;
    request.now_millis = core::now_millis();
    request.redactor = make_redactor(ctx, Reveal::no);
    // A profile's age keys (encrypt-to, identity, ...) count as for backup.
    request.age =
        age_options(ctx, f.age, t.resolved ? t.resolved->profile : std::optional<Profile>());
    if (t.error) return core::fail(*t.error);
    if (!t.resolved) return workflow::watch_once(nullptr, request);
    RemoteSession session(ctx, *t.resolved);
    return workflow::watch_once(&session.client(), request);
}

Outcome run_target(Context& ctx, const Target& t, const WatchFlags& f, std::set<std::string>& told)
{
    Outcome o;
    o.metrics.instance = t.instance;
    o.metrics.attempt_millis = core::now_millis();
    auto lock = workflow::lock_baseline(t.baseline);
    if (!lock) {  // another run works on this baseline: it pings, notifies and writes metrics
        auto e = lock.error().with_context(t.instance);
        print_error_line(ctx, e);
        o.status = core::exit_status(e.code);
        o.error = e;
        return o;
    }
    ping(ctx, f.hooks, "/start");
    auto done = watch_target(ctx, t, f);
    o.metrics.duration_seconds =
        static_cast<double>(core::now_millis() - o.metrics.attempt_millis) / 1000.0;
    if (!done) {
        auto e = done.error().with_context(t.instance);
        print_error_line(ctx, e);
        o.status = core::exit_status(e.code);
        o.error = e;
        ping(ctx, f.hooks, "/fail");
        notify(ctx, f.hooks, failure_document("watch", t.instance, e, o.metrics.attempt_millis));
        return o;
    }
    o.metrics.ok = true;
    o.metrics.success_millis = o.metrics.attempt_millis;
    o.metrics.bytes = done->bytes;
    o.metrics.changes = diff::count_risks(done->changes);
    if (done->meta) {
        o.metrics.product = done->meta->application_name;
        o.metrics.app_version = done->meta->application_version;
        o.metrics.plugin_version = done->meta->plugin_version;
    }
    o.status = fails(*done, threshold(f.fail_on)) ? 1 : 0;
    report_cleanup(ctx, t.instance, *done, told);
    ping(ctx, f.hooks, "");
    if (o.status == 1) notify(ctx, f.hooks, drift_document(t.instance, *done, core::now_millis()));
    o.result = std::move(*done);
    return o;
}

// Each profile of a fleet names its own server and user: the environment may not override
// them (as in backup --all-profiles).
core::Result<ResolvedConnection> resolve_profile(Context& ctx, const ConnectionFlags& conn,
                                                 const std::string& name)
{
    EnvReader env = [base = ctx.env](const std::string& n) -> std::optional<std::string> {
        if (!base || n == "SSOSNAP_URL" || n == "SSOSNAP_USER" || n == "SSOSNAP_PROFILE")
            return std::nullopt;
        return base(n);
    };
    Context sub{.in = ctx.in, .out = ctx.out, .err = ctx.err, .env = env, .command = ctx.command};
    ConnectionFlags flags = conn;
    flags.root = nullptr;
    flags.profile = name;
    return resolve_connection(sub, flags);
}

core::Result<std::vector<Target>> targets(Context& ctx, const ConnectionFlags& conn,
                                          const MultiBackupFlags& multi, const WatchFlags& f)
{
    if (!wants_multi_backup(multi)) {
        Target t;
        t.baseline = f.baseline;
        if (!f.from.empty()) {
            t.instance = conn.profile.empty() ? f.from : conn.profile;
            return std::vector<Target>{t};
        }
        auto resolved = resolve_connection(ctx, conn);
        if (!resolved) return core::fail(resolved.error());
        t.instance =
            conn.profile.empty() ? rest::redact_url(resolved->client.base_url) : conn.profile;
        t.resolved = std::move(*resolved);
        return std::vector<Target>{t};
    }
    if (!f.from.empty())
        return core::fail(core::Errc::usage, "--from watches one folder: drop --all-profiles",
                          "usage");
    auto names = select_profiles(ctx, conn, multi);
    if (!names) return core::fail(names.error());
    std::vector<Target> out;
    for (const auto& name : *names) {
        Target t;
        t.instance = name;
        t.baseline = fs::path(f.baseline) / name;  // as backup --all-profiles writes DIR/<profile>
        auto resolved = resolve_profile(ctx, conn, name);
        if (resolved) {
            t.resolved = std::move(*resolved);
        } else {
            t.error = resolved.error();
        }
        out.push_back(std::move(t));
    }
    return out;
}

// One pass over every target; returns the pass's exit status.
int run_pass(Context& ctx, const std::vector<Target>& all, const WatchFlags& f,
             std::set<std::string>& told)
{
    std::vector<Outcome> outcomes;
    nlohmann::json docs = nlohmann::json::array();
    for (const auto& t : all) {
        outcomes.push_back(run_target(ctx, t, f, told));
        const auto& o = outcomes.back();
        if (o.error && ctx.json) {
            docs.push_back({{"instance", t.instance},
                            {"exit_status", o.status},
                            {"error", error_json(*o.error)}});
        }
        if (!o.result) continue;
        if (ctx.json) {
            docs.push_back(result_json(t.instance, *o.result, o.status));
        } else {
            print_changes(ctx, t.instance, *o.result);
        }
    }
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["instances"] = docs;
        print_json(ctx, doc);
    }
    if (!f.metrics_file.empty()) {
        std::vector<workflow::InstanceMetrics> metrics;
        for (const auto& o : outcomes) {
            if (!o.error || o.error->id != "locked") metrics.push_back(o.metrics);
        }
        // A pass whose only target was locked out writes nothing: the other run does.
        auto written = metrics.empty() ? core::Result<void>{}
                                       : workflow::write_metrics_file(f.metrics_file, "watch",
                                                                      metrics, SSOSNAP_VERSION);
        if (!written) print_error_line(ctx, written.error());
    }
    int status = 0;
    for (const auto& o : outcomes) {
        if (o.status > 1) return o.status;
        status = std::max(status, o.status);
    }
    return status;
}

void run_watch(Context& ctx, const ConnectionFlags& conn, const MultiBackupFlags& multi,
               const WatchFlags& f)
{
    std::optional<std::chrono::seconds> every;
    if (!f.every.empty()) {
        auto parsed = parse_every(f.every);
        if (!parsed) return void(report_error(ctx, parsed.error()));
        every = *parsed;
    }
    auto all = targets(ctx, conn, multi, f);
    if (!all) return void(report_error(ctx, all.error()));
    std::set<std::string> told;
    for (int pass = 1;; ++pass) {
        ctx.status = run_pass(ctx, *all, f, told);
        if (!every || (f.count > 0 && pass >= f.count)) return;
        // SIGINT/SIGTERM end the sleep and the process (core/interrupt.hpp): nothing is held
        // between passes, the lock included.
        std::this_thread::sleep_for(*every);
    }
}

}  // namespace

void add_watch(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto f = std::make_shared<WatchFlags>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    auto conn = std::make_shared<ConnectionFlags>();
    add_connection_options(*cmd, *conn);
    add_json_flag(*cmd, ctx);
    cmd->add_option("--baseline", f->baseline,
                    "The approved state: an archive, or a folder whose newest archive is the "
                    "baseline (with --all-profiles: BASELINE/<profile>/)")
        ->type_name("FILE|DIR")
        ->required();
    cmd->add_option("--from", f->from,
                    "Compare this archive, or the newest archive of this folder, instead of "
                    "taking a snapshot on the server")
        ->type_name("FILE|DIR");
    cmd->add_option("--fail-on", f->fail_on,
                    "Which changes make the exit status 1: high, medium (and high) or any")
        ->check(CLI::IsMember({"high", "medium", "any"}))
        ->capture_default_str();
    cmd->add_option("--every", f->every,
                    "Run again every DURATION (\"30s\", \"15m\", \"1h\", \"1d\") until stopped "
                    "by SIGINT or SIGTERM; the exit status is that of the last run")
        ->type_name("DURATION");
    cmd->add_option("--count", f->count, "With --every: stop after N runs")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--description", f->description,
                    "Text of the comparison snapshot on the server (a unique stamp is appended)")
        ->capture_default_str();
    cmd->add_option("--from-dir", f->from_dir,
                    "The server's kerberos_snapshots folder, mounted here, when it has no "
                    "download endpoint");
    add_encrypt_flags(*cmd, f->age);
    add_identity_flags(*cmd, f->age);
    const char* group = "Monitoring";
    cmd->add_option("--notify-url", f->hooks.notify_url,
                    "POST a JSON document (with a \"text\" field for chat webhooks) here on drift "
                    "or failure; 3 attempts")
        ->type_name("URL")
        ->group(group);
    cmd->add_option("--notify-command", f->hooks.notify_command,
                    "Run this program with the same JSON document on stdin (split on blanks; no "
                    "shell, no quoting)")
        ->type_name("CMD")
        ->group(group);
    add_monitoring_options(*cmd, f->metrics_file, f->hooks.ping_url, "after each run");
    auto multi = std::make_shared<MultiBackupFlags>();
    cmd->add_flag("--all-profiles", multi->all_profiles,
                  "Watch every profile of the config file, each against BASELINE/<profile>/")
        ->group("Many servers");
    cmd->add_option("--profiles", multi->profiles,
                    "Watch these profiles (comma-separated), each against BASELINE/<profile>/")
        ->type_name("A,B,C")
        ->group("Many servers");
    cmd->callback([&ctx, &spec, conn, f, multi] {
        ctx.command = spec.name;
        run_watch(ctx, *conn, *multi, *f);
    });
}

}  // namespace ssosnap::cli
