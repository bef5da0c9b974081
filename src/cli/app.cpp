#include "cli/app.hpp"

#include "cli/commands.hpp"
#include "cli/connection.hpp"
#include "cli/introspect.hpp"
#include "cli/man_page.hpp"
#include "cli/output.hpp"
#include "cli/version.hpp"
#include "core/interrupt.hpp"
#include "core/strings.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace ssosnap::cli
{
namespace
{

/// The TZ of the user's environment when main() replaced it (see main()).
std::optional<std::string> g_user_tz;
bool g_tz_replaced = false;

constexpr const char* k_footer = R"(EXIT STATUS
  0 success / same / no error findings   1 a negative answer (differences, findings,
  incompatible)   2 usage error   3 local input error   4 remote error
  5 authentication or permission refused   6 refused by a safety gate   70 internal error

Run 'ssosnap COMMAND --help' for a command's options. Docs: docs/cli.md)";

constexpr const char* k_description = "ssosnap: configuration snapshots for Kantega SSO Enterprise "
                                      "(backup, verify, diff and restore)";

bool is_known_command(std::string_view name)
{
    const auto& table = command_table();
    return std::any_of(table.begin(), table.end(),
                       [&](const CommandSpec& c) { return c.name == name; });
}

/// Adds every command, or only `only` when it names one: a run needs only the command it runs,
/// and building all of them (hundreds of options) took about 2 ms of every run.
void build_app(CLI::App& app, Context& ctx, std::string_view only = {})
{
    app.footer(k_footer);
    app.require_subcommand(1);
    app.set_version_flag(
        "--version", [] { return version_text(); },
        "Print the version, build revision and library versions, then exit");
    for (const auto& spec : command_table()) {
        if (only.empty() || spec.name == only) spec.add(app, ctx, spec);
    }
}

/// The command line's (sub)command as far as CLI11 parsed it, e.g. "remote list"; "" if none.
std::string parsed_command(const CLI::App& app)
{
    std::string name;
    const CLI::App* cur = &app;
    for (auto subs = cur->get_subcommands(); !subs.empty(); subs = cur->get_subcommands()) {
        cur = subs.front();
        name += (name.empty() ? "" : " ") + cur->get_name();
    }
    return name;
}

/// The (sub)commands CLI11 parsed, outermost first: {app, remote, list} for "remote list".
std::vector<const CLI::App*> parsed_chain(const CLI::App& app)
{
    std::vector<const CLI::App*> chain{&app};
    for (auto subs = app.get_subcommands(); !subs.empty(); subs = subs.front()->get_subcommands())
        chain.push_back(subs.front());
    return chain;
}

/// The option names among `args` that neither `app` nor its parsed subcommands know: the
/// name only ("--tokn" of "--tokn=x"; "-t" of "-tx"), never a value.
std::vector<std::string> unknown_options(const CLI::App& app, const std::vector<std::string>& args)
{
    const auto chain = parsed_chain(app);
    std::vector<std::string> out;
    for (const auto& word : args) {
        if (word.size() < 2 || word[0] != '-' || word == "--") continue;
        std::string name = word.substr(0, word[1] == '-' ? word.find('=') : 2);
        const bool known = std::any_of(chain.begin(), chain.end(), [&](const CLI::App* a) {
            return a->get_option_no_throw(name) != nullptr;
        });
        if (!known && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

/// CLI11's "arguments were not expected: ..." lists the values too, and a mistyped flag's
/// value may be a secret: this message names unknown option names only.
std::string extras_message(const CLI::App& app, const std::vector<std::string>& args)
{
    const auto names = unknown_options(app, args);
    if (names.empty()) return "unexpected extra argument(s) (not shown: they may hold secrets)";
    std::string list;
    for (const auto& n : names)
        list += (list.empty() ? "" : ", ") + core::quote(n);
    return (names.size() == 1 ? "unknown option " : "unknown options ") + list +
           " (values not shown: they may hold secrets)";
}

/// The option named by `word` ("--url" of "--url" or "--url=X") among `apps`, or null.
const CLI::Option* find_option(const std::vector<const CLI::App*>& apps, const std::string& word)
{
    const std::string name = word.substr(0, word.find('='));
    for (const auto* a : apps) {
        if (const auto* opt = a->get_option_no_throw(name)) return opt;
    }
    return nullptr;
}

/// For a command that needs a subcommand (`remote`, `tokens`) and got none, the error naming
/// the word given instead and the closest subcommand ("did you mean 'remote list'?"), or
/// that one is missing. Nothing when the parsed command is a leaf, or when an unknown option
/// precedes the word (that word may be the value of a mistyped secret flag: never echoed).
std::optional<core::Error> subcommand_error(const CLI::App& app,
                                            const std::vector<std::string>& args)
{
    const auto chain = parsed_chain(app);
    const CLI::App* cur = chain.back();
    const auto subs =
        cur->get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
    if (cur == &app || subs.empty()) return std::nullopt;
    std::vector<std::string_view> names;
    std::string list;
    for (const auto* s : subs) {
        names.emplace_back(s->get_name());
        list += (list.empty() ? "" : ", ") + s->get_name();
    }
    const std::string path = parsed_command(app);
    // Options of the missing subcommand may come first ("remote --url X lst").
    std::vector<const CLI::App*> apps = chain;
    apps.insert(apps.end(), subs.begin(), subs.end());
    std::size_t matched = 1;  // chain[0] is the program
    std::optional<std::string> word;
    for (std::size_t i = 0; i < args.size() && !word; ++i) {
        const auto& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            const auto* opt = find_option(apps, a);
            if (opt == nullptr) return std::nullopt;
            const bool separate_value = a.find('=') == std::string::npos &&
                                        opt->get_expected_max() > 0 && opt->get_type_size_max() > 0;
            if (separate_value) ++i;
        } else if (matched < chain.size() && a == chain[matched]->get_name()) {
            ++matched;
        } else {
            word = a;
        }
    }
    const std::string help = "run 'ssosnap " + path + " --help' for usage";
    if (!word) {
        return core::Error{core::Errc::usage,
                           path + ": a command is required (" + list + "); " + help,
                           "missing-command"};
    }
    const auto hint = closest_name(*word, names);
    return core::Error{core::Errc::usage,
                       path + ": unknown command " + core::quote(*word) +
                           (hint.empty()
                                ? "; the commands are " + list
                                : "; did you mean '" + path + " " + std::string(hint) + "'?"),
                       "unknown-command"};
}

/// Sentence-case words become lower case ("Value" → "value"), names in capitals stay
/// ("ARCHIVE is required"); lines are joined with "; " and a final period goes: one line in
/// the project's error style.
std::string error_style(std::string text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            out += "; ";
            continue;
        }
        const bool word_start = out.empty() || (out.size() >= 2 && out.ends_with(": "));
        const bool capitalized =
            c >= 'A' && c <= 'Z' && i + 1 < text.size() && text[i + 1] >= 'a' && text[i + 1] <= 'z';
        out += word_start && capitalized ? static_cast<char>(c - 'A' + 'a') : c;
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ' ' || out.back() == ';'))
        out.pop_back();
    return out;
}

/// The stable code of a CLI11 parse error (the JSON error's `code`).
const char* parse_error_code(const CLI::ParseError& e)
{
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) return "unknown-option";
    if (dynamic_cast<const CLI::RequiredError*>(&e)) return "missing-argument";
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return "missing-value";
    if (dynamic_cast<const CLI::ValidationError*>(&e) ||
        dynamic_cast<const CLI::ConversionError*>(&e))
        return "bad-value";
    if (dynamic_cast<const CLI::ExcludesError*>(&e) || dynamic_cast<const CLI::RequiresError*>(&e))
        return "conflicting-options";
    return "usage";
}

/// With SSOSNAP_COMPLETE_REMOTE=1 and SSOSNAP_URL set, remote snapshot ids come from the
/// server, with the connection settings of the environment only (never stdin), short timeouts
/// and no retries; any failure completes nothing, silently.
RemoteIds remote_ids_for_completion(Context& ctx)
{
    auto enabled = ctx.env("SSOSNAP_COMPLETE_REMOTE");
    auto url = ctx.env("SSOSNAP_URL");
    if (!enabled || *enabled != "1" || !url || url->empty()) return {};
    return [&ctx]() -> std::vector<std::string> {
        std::ostringstream quiet;  // resolve_connection's warnings must not reach the shell
        Context silent{.in = ctx.in, .out = quiet, .err = quiet, .env = ctx.env};
        ConnectionFlags flags;
        flags.connect_timeout = 2;
        flags.timeout = 5;
        flags.retries = 0;
        auto session = open_session(silent, flags);
        if (!session) return {};
        auto list = (*session)->client().list_snapshots();
        std::vector<std::string> ids;
        if (list) {
            for (const auto& rec : *list)
                ids.push_back(rec.id);
        }
        return ids;
    };
}

// What ssosnap(1) says besides its commands and options.
ManPageInfo ssosnap_man_info()
{
    return ManPageInfo{
        .name = "ssosnap",
        .version = SSOSNAP_VERSION,
        .summary = "configuration snapshots for Kantega SSO Enterprise",
        .synopsis = ".B ssosnap\n.I COMMAND\n[\\fIARGS\\fR] [\\fIOPTIONS\\fR]",
        .description = "Options may follow the command and its arguments. Every command takes "
                       "\\fB\\-\\-help\\fR and \\fB\\-\\-json\\fR.",
        .exit_status = {{"0", "success; diff: same; verify/validate: no error findings"},
                        {"1", "a negative answer: differences, error findings, incompatible"},
                        {"2", "usage error"},
                        {"3", "local input error"},
                        {"4", "remote error"},
                        {"5", "authentication or permission refused"},
                        {"6", "refused by a safety gate"},
                        {"70", "internal error"},
                        {"130, 143", "interrupted by SIGINT or SIGTERM (temporaries removed)"}},
        .environment = {{"NO_COLOR", "When set, no colour in text output."}},
        .see_also = "ksso-emulator",
    };
}

/// Hidden entry points used by the completion scripts and the build (man page).
int run_hidden(const std::vector<std::string>& args, Context& ctx)
{
    CLI::App app{k_description, "ssosnap"};
    build_app(app, ctx);
    if (args[0] == "__man") {
        ctx.out << man_page(app, ssosnap_man_info());
        return 0;
    }
    std::vector<std::string> words(args.begin() + 1, args.end());
    for (const auto& c : complete(app, words, remote_ids_for_completion(ctx)))
        ctx.out << c << "\n";
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err)
{
    // Only the process's own streams can be terminals; a stream handed in by a test is not.
    return run(args, in, out, err,
               Terminals{.in = ::isatty(STDIN_FILENO) == 1 && &in == &std::cin,
                         .out = ::isatty(STDOUT_FILENO) == 1 && &out == &std::cout,
                         .err = ::isatty(STDERR_FILENO) == 1 && &err == &std::cerr});
}

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, Terminals terminals)
{
    Context ctx{.in = in,
                .out = out,
                .err = err,
                .env = [](const std::string& name) -> std::optional<std::string> {
                    if (g_tz_replaced && name == "TZ") return g_user_tz;
                    const char* v = std::getenv(name.c_str());
                    return v ? std::optional<std::string>(v) : std::nullopt;
                },
                .out_is_terminal = terminals.out,
                .err_is_terminal = terminals.err,
                .in_is_terminal = terminals.in};
    ctx.json = std::find(args.begin(), args.end(), "--json") != args.end();
    if (!args.empty() && (args[0] == "__man" || args[0] == "__complete"))
        return run_hidden(args, ctx);
    if (ctx.json && std::find(args.begin(), args.end(), "--version") != args.end() &&
        std::all_of(args.begin(), args.end(),
                    [](const std::string& a) { return a == "--version" || a == "--json"; })) {
        out << version_json();
        return 0;
    }
    if (!args.empty() && !args[0].empty() && args[0][0] != '-' && !is_known_command(args[0])) {
        auto hint = suggest_command(args[0]);
        return report_error(ctx,
                            {core::Errc::usage,
                             "unknown command '" + args[0] + "'" +
                                 (hint.empty() ? std::string("; run 'ssosnap --help' for the list")
                                               : "; did you mean '" + std::string(hint) + "'?"),
                             "unknown-command"});
    }
    CLI::App app{k_description, "ssosnap"};
    try {
        build_app(app, ctx, !args.empty() && is_known_command(args[0]) ? args[0] : "");
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
        return ctx.status;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
        const bool extras = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
        // The callback never ran, so name the command here: the JSON envelope and the
        // message's context both say which command's usage was wrong.
        if (ctx.command.empty()) ctx.command = parsed_command(app);
        if (auto sub = subcommand_error(app, args)) return report_error(ctx, *sub);
        const std::string where = ctx.command.empty() ? "" : ctx.command + ": ";
        const std::string help =
            ctx.command.empty() ? "ssosnap --help" : "ssosnap " + ctx.command + " --help";
        const std::string what = extras ? extras_message(app, args) : error_style(e.what());
        const char* code = extras && unknown_options(app, args).empty() ? "unexpected-argument"
                                                                        : parse_error_code(e);
        return report_error(
            ctx, {core::Errc::usage, where + what + "; run '" + help + "' for usage", code});
    } catch (const std::exception& e) {
        return report_error(ctx, {core::Errc::internal,
                                  std::string("unexpected failure: ") + e.what(), "internal"});
    }
}

void harden_process()
{
    // ssosnap holds tokens and passwords in memory: a core file would write them to disk for
    // anyone who can read it (a crash once left the token in one four times). Not dumpable
    // also keeps other processes of the same user from ptrace-attaching to read them.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
}

int main(int argc, char** argv)
{
    harden_process();  // first: before anything reads credentials
    // ssosnap itself never uses glibc's local time: file-name times come from the tz database
    // through date, which reads the system zone, not TZ. Only libzip does, converting each
    // entry's DOS time with mktime() when it opens an archive (and back with localtime() when
    // it writes one). In UTC those conversions are cheap and exact (no DST gap to shift a
    // time); in the local zone, with TZ unset, glibc also stats /etc/localtime on every call:
    // 2,000 stats for a 2,000-entry snapshot, about 4 ms of `ssosnap inspect`
    // (docs/performance.md). The commands still see the user's TZ (Context::env).
    try {
        if (const char* tz = std::getenv("TZ")) g_user_tz = tz;
        ::setenv("TZ", "UTC0", 1);
        g_tz_replaced = true;
        core::remove_temporaries_on_signal();
        std::vector<std::string> args(argv + 1, argv + argc);
        return run(args, std::cin, std::cout, std::cerr);
    } catch (const std::exception& e) {  // copying argv failed (no memory): run() never throws
        std::cerr << "ssosnap: error: unexpected failure: " << e.what() << "\n";
        return core::exit_status(core::Errc::internal);
    }
}

}  // namespace ssosnap::cli
