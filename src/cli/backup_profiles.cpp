#include "cli/backup_profiles.hpp"

#include "cli/output.hpp"
#include "cli/profile.hpp"
#include "cli/watch_hooks.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "rest/version_info.hpp"
#include "workflow/backup.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace ssosnap::cli
{
namespace
{

struct Outcome {
    std::string profile;
    int status = 0;  ///< exit status of this profile's backup
    std::string id;
    std::string path;
    std::string sha256;
    std::string error;
    std::string log;  ///< its stderr (warnings, retries)
    workflow::InstanceMetrics metrics;
};

core::Unexpected usage(const std::string& message)
{
    return core::fail(core::Errc::usage, message, "usage");
}

Outcome backup_one(const Context& parent, const ConnectionFlags& conn, const std::string& name,
                   const std::string& to, const std::string& description, const AgeFlags& age,
                   const S3Flags& s3)
{
    Outcome o;
    o.profile = name;
    const auto started = core::now_millis();
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    // Each profile names its own server and user: the environment may not override them.
    EnvReader env = [base = parent.env](const std::string& n) -> std::optional<std::string> {
        if (n == "SSOSNAP_URL" || n == "SSOSNAP_USER" || n == "SSOSNAP_PROFILE" || !base)
            return std::nullopt;
        return base(n);
    };
    Context ctx{.in = in, .out = out, .err = err, .env = env, .command = "backup"};
    auto fail_with = [&](const core::Error& e) {
        o.metrics =
            backup_metrics(name, started, core::Result<workflow::BackupResult>(core::fail(e)));
        o.status = core::exit_status(e.code);
        o.error = e.message;
        o.log = err.str();
        return o;
    };
    ConnectionFlags flags = conn;
    flags.root = nullptr;
    flags.profile = name;
    auto resolved = resolve_connection(ctx, flags);
    if (!resolved) return fail_with(resolved.error());
    RemoteSession session(ctx, std::move(*resolved));
    // A folder (or a bucket prefix) per profile.
    std::string own = s3::is_s3_url(to) ? std::string(to.substr(0, to.find_last_not_of('/') + 1)) +
                                              "/" + name + "/"
                                        : (std::filesystem::path(to) / name).string();
    auto destination = BackupDestination::open(ctx, own, s3);
    if (!destination) return fail_with(destination.error());
    workflow::BackupRequest request;
    request.to_dir = destination->local_dir();  // created by the backup, removed if it fails
    request.description = description;
    request.now_millis = core::now_millis();
    request.encrypt = age_options(ctx, age, session.resolved().profile);
    auto done = workflow::backup(session.client(), request);
    if (!done) return fail_with(done.error());
    auto published = destination->publish(done->path);
    if (!published) return fail_with(published.error());
    o.metrics = backup_metrics(name, started, done);
    o.id = done->record.id;
    o.path = *published;
    o.sha256 = done->sha256;
    o.log = err.str();
    return o;
}

void render(Context& ctx, const std::vector<Outcome>& outcomes)
{
    for (const auto& o : outcomes) {
        std::istringstream lines(o.log);
        for (std::string line; std::getline(lines, line);)
            ctx.err << "[" << o.profile << "] " << line << "\n";
    }
    const auto failed = std::count_if(outcomes.begin(), outcomes.end(),
                                      [](const Outcome& o) { return o.status != 0; });
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["profiles"] = nlohmann::json::array();
        for (const auto& o : outcomes) {
            nlohmann::json j{
                {"profile", o.profile}, {"ok", o.status == 0}, {"exit_status", o.status}};
            if (o.status == 0) {
                j["snapshot"] = o.id;
                j["path"] = o.path;
                j["sha256"] = o.sha256;
            } else {
                j["error"] = o.error;
            }
            doc["profiles"].push_back(j);
        }
        doc["failed"] = failed;
        print_json(ctx, doc);
    } else {
        std::vector<std::vector<std::string>> rows = {{"PROFILE", "RESULT", "SNAPSHOT / ERROR"}};
        for (const auto& o : outcomes) {
            rows.push_back({o.profile,
                            o.status == 0 ? "ok" : "FAILED (exit " + std::to_string(o.status) + ")",
                            o.status == 0 ? o.path : o.error});
        }
        print_table(ctx.out, rows);
        ctx.err << "ssosnap: " << outcomes.size() - static_cast<std::size_t>(failed) << " of "
                << outcomes.size() << " backups succeeded\n";
    }
    for (const auto& o : outcomes) {
        if (o.status != 0) {
            ctx.status = o.status;
            break;
        }
    }
}

}  // namespace

core::Result<std::vector<std::string>> select_profiles(Context& ctx, const ConnectionFlags& conn,
                                                       const MultiBackupFlags& f)
{
    if (f.all_profiles && !f.profiles.empty())
        return usage("give --all-profiles or --profiles, not both");
    if (!conn.url.empty() || !conn.profile.empty())
        return usage("--all-profiles and --profiles take each server from its profile: drop "
                     "--url and --profile");
    if (conn.token_stdin || conn.password_stdin)
        return usage("--token-stdin and --password-stdin cannot serve several servers: name a "
                     "token-file or password-file in each profile");
    std::string config = conn.config;
    if (config.empty() && conn.root != nullptr) {
        if (const auto* o = conn.root->get_option_no_throw("--config"); o && o->count() > 0)
            config = o->as<std::string>();
    }
    const auto path = config_path(ctx.env, config);
    if (path.empty()) return usage("no config file: give --config FILE");
    auto loaded = load_profiles(path, true);
    if (!loaded) return core::fail(loaded.error());
    std::vector<std::string> names;
    if (f.all_profiles) {
        for (const auto& p : loaded->profiles)
            names.push_back(p.name);
    } else {
        for (auto& n : core::split(f.profiles, ',')) {
            std::string name(core::trim(n));
            if (name.empty()) continue;
            if (find_profile(*loaded, name) == nullptr)
                return usage("no profile " + core::quote(name) + " in " +
                             core::quote(path.string()));
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    }
    if (names.empty()) return usage("no profiles in " + core::quote(path.string()));
    return names;
}

void add_multi_backup_options(CLI::App& cmd, MultiBackupFlags& f)
{
    const char* group = "Many servers";
    cmd.add_flag("--all-profiles", f.all_profiles,
                 "Back up every profile of the config file, each into DIR/<profile>/")
        ->group(group);
    cmd.add_option("--profiles", f.profiles,
                   "Back up these profiles (comma-separated), each into DIR/<profile>/")
        ->type_name("A,B,C")
        ->group(group);
    cmd.add_option("--parallel", f.parallel, "Backups running at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str()
        ->group(group);
}

bool wants_multi_backup(const MultiBackupFlags& f)
{
    return f.all_profiles || !f.profiles.empty();
}

void run_multi_backup(Context& ctx, const ConnectionFlags& conn, const MultiBackupFlags& f,
                      const std::string& to, const std::string& description,
                      const BackupMonitoring& monitoring, const AgeFlags& age, const S3Flags& s3)
{
    auto names = select_profiles(ctx, conn, f);
    if (!names) return void(report_error(ctx, names.error()));
    // Loaded here, not first inside a worker thread, where a failure could not be reported.
    if (auto curl = rest::load_libcurl(); !curl) return void(report_error(ctx, curl.error()));
    Hooks hooks;
    hooks.ping_url = monitoring.ping_url;
    ping(ctx, hooks, "/start");
    // DIR itself first: the workers create and (on failure) remove only DIR/<profile>.
    std::error_code ec;
    if (!s3::is_s3_url(to)) std::filesystem::create_directories(to, ec);
    if (ec) {
        ping(ctx, hooks, "/fail");
        return void(report_error(
            ctx, {core::Errc::input,
                  "--to " + core::quote(to) + " cannot be created: " + ec.message(), "input"}));
    }
    std::vector<Outcome> outcomes(names->size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (auto i = next++; i < names->size(); i = next++)
            outcomes[i] = backup_one(ctx, conn, (*names)[i], to, description, age, s3);
    };
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(f.parallel), names->size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i)
        threads.emplace_back(worker);
    for (auto& t : threads)
        t.join();
    render(ctx, outcomes);
    std::vector<workflow::InstanceMetrics> metrics;
    metrics.reserve(outcomes.size());
    for (const auto& o : outcomes)
        metrics.push_back(o.metrics);
    write_backup_metrics(ctx, monitoring, metrics);
    ping(ctx, hooks, ctx.status == 0 ? "" : "/fail");
}

}  // namespace ssosnap::cli
