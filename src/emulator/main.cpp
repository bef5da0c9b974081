// ksso-emulator: the Kantega SSO Enterprise REST emulator as a program. Parses its flags
// (CLI11 in this executable only; the emulator library does not use it), starts the server
// and runs until SIGINT or SIGTERM.

#include "cli/man_page.hpp"
#include "core/files.hpp"
#include "emulator/sample_config.hpp"
#include "emulator/server.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

namespace
{

using namespace ssosnap;

struct Flags {
    emulator::EmulatorOptions options;
    std::string tz;
    std::vector<std::string> users;
    std::string users_file;
    std::string port_file;
    std::string fault_kinds = "500";
    std::string fault_plan;
    bool no_transfer = false;
    bool sample_config = false;
};

void add_flags(CLI::App& app, Flags& f)
{
    auto& o = f.options;
    app.add_option("--data", o.data_dir,
                   "Application home to emulate: kerberos/ (live config), kerberos_snapshots/ "
                   "(archives), settings.json, ksso-emulator-state.json (users, tokens)")
        ->required();
    app.add_option("--bind", o.bind_address, "Address to listen on")->capture_default_str();
    app.add_flag("--sample-config", f.sample_config,
                 "Start with a realistic sample configuration written into an empty --data: a "
                 "SAML and an OIDC IdP, SP signing key, Kerberos keytab, LDAP properties, "
                 "settings.json (every key and secret fake), for a rehearsal without "
                 "hand-written files");
    app.add_option("--port", o.port, "Port; 0 picks a free one (see --port-file)")
        ->capture_default_str();
    app.add_option("--port-file", f.port_file, "Write the bound port to this file once listening");
    app.add_option("--app", o.app_name, "Product name in snapshots")->capture_default_str();
    app.add_option("--app-version", o.app_version, "Product version")->capture_default_str();
    app.add_option("--plugin-version", o.plugin_version,
                   "Kantega SSO version (5.7.0 also reproduces that version's token-list bug)")
        ->capture_default_str();
    app.add_option("--base-url", o.base_url, "Base URL recorded in snapshots")
        ->capture_default_str();
    app.add_option("--tz", f.tz, "IANA zone of the server-local times (default: the system's)");
    app.add_option("--users-file", f.users_file,
                   "Users, one NAME:PASSWORD[:admin] per line ('#' comments); keeps passwords "
                   "out of the process list");
    app.add_option("--user", f.users,
                   "A user NAME:PASSWORD[:admin] (repeatable; visible in the process list: "
                   "prefer --users-file)");
    app.add_option("--tls-cert", o.tls_cert, "PEM certificate: serve HTTPS (with --tls-key)");
    app.add_option("--tls-key", o.tls_key, "PEM private key for --tls-cert");
    app.add_flag("--no-transfer", f.no_transfer,
                 "Answer 404 on upload, download and delete, like a server "
                 "without them");
    app.add_option("--fault-rate", o.faults.rate, "Probability 0..1 of a random fault per request")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--fault-kinds", f.fault_kinds, "Random fault kinds: 500,503,429,drop,slow")
        ->capture_default_str();
    app.add_option("--fault-plan", f.fault_plan,
                   "Deterministic faults ENDPOINT:N[-M]:KIND,... e.g. list:1-2:500,create:1:500 "
                   "(endpoints: ping list create restore download upload delete tokens-list "
                   "tokens-create tokens-revoke any)");
    app.add_option("--fault-seed", o.faults.seed, "Seed of the random faults")
        ->capture_default_str();
    app.add_option("--slow-ms", o.faults.slow_millis, "Delay of a 'slow' fault, milliseconds")
        ->capture_default_str();
    app.add_option("--request-log", o.request_log,
                   "Append one JSON line per request (time, method, path, endpoint, status, "
                   "fault; never headers or bodies)");
}

core::Result<void> finish_options(Flags& f)
{
    auto& o = f.options;
    if (!f.tz.empty()) o.tz = f.tz;
    o.transfer = !f.no_transfer;
    if (!f.users_file.empty()) {
        auto users = emulator::read_users_file(f.users_file);
        if (!users) return core::fail(users.error());
        o.users = std::move(*users);
    }
    for (const auto& spec : f.users) {
        auto u = emulator::parse_user_spec(spec);
        if (!u) return core::fail(u.error());
        o.users.push_back(std::move(*u));
    }
    auto kinds = emulator::parse_fault_kinds(f.fault_kinds);
    if (!kinds) return core::fail(kinds.error());
    o.faults.kinds = *kinds;
    auto plan = emulator::parse_fault_plan(f.fault_plan);
    if (!plan) return core::fail(plan.error());
    o.faults.plan = *plan;
    return {};
}

cli::ManPageInfo man_info()
{
    return cli::ManPageInfo{
        .name = "ksso-emulator",
        .version = SSOSNAP_VERSION,
        .summary = "Kantega SSO Enterprise REST API emulator",
        .synopsis = ".B ksso-emulator\n.B \\-\\-data\n.I DIR\n[\\fIOPTIONS\\fR]",
        .description = "Runs until SIGINT or SIGTERM. See docs/rest-api.md of the ssosnap "
                       "sources for the endpoints and the fault plan.",
        .exit_status = {{"0", "stopped by SIGINT or SIGTERM"},
                        {"non-zero", "a flag or a file it names cannot be used (the message "
                                     "says which)"}},
        .environment = {},
        .see_also = "ssosnap",
    };
}

int report(const core::Error& e)
{
    std::cerr << "ksso-emulator: error: " << e.message << "\n";
    return core::exit_status(e.code);
}

}  // namespace

int main(int argc, char** argv)  // NOLINT(bugprone-exception-escape): an escape ends as abort
{
    CLI::App app{"ksso-emulator: a stand-in Jira/Confluence with Kantega SSO Enterprise's REST "
                 "API, for tests, demos and restore rehearsals",
                 "ksso-emulator"};
    app.footer(
        "Example:\n  ksso-emulator --data /tmp/home --sample-config --port 0 --port-file /tmp/port "
        "--users-file users.txt --tz Europe/Oslo\nDocs: docs/rest-api.md");
    Flags flags;
    add_flags(app, flags);
    if (argc == 2 && std::string_view(argv[1]) == "__man") {  // the build makes the man page
        std::cout << cli::man_page(app, man_info());
        return 0;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!flags.users.empty()) {
        std::cerr << "ksso-emulator: warning: --user puts passwords in the process list; "
                     "prefer --users-file\n";
    }
    if (auto ok = finish_options(flags); !ok) return report(ok.error());
    if (flags.sample_config) {
        if (auto ok = emulator::write_sample_config(flags.options.data_dir); !ok)
            return report(ok.error());
    }
    // Block the stop signals before any thread starts, then wait for them here.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto server = emulator::Emulator::start(flags.options);
    if (!server) return report(server.error());
    if (!flags.port_file.empty()) {
        auto w = core::write_file_atomic(flags.port_file, std::to_string((*server)->port()) + "\n",
                                         core::FileMode::shared);
        if (!w) return report(w.error());
    }
    const auto& o = flags.options;
    std::cerr << "ksso-emulator: " << o.app_name << " " << o.app_version << " with Kantega SSO "
              << o.plugin_version << " listening on " << (*server)->url() << " (data in "
              << o.data_dir.string() << ")" << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    (*server)->stop();
    std::cerr << "ksso-emulator: stopped\n";
    return 0;
}
