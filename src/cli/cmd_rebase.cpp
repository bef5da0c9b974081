// ssosnap rebase ARCHIVE --base-url NEW [--out FILE]: an archive for another base URL.
#include "cli/age_flags.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "workflow/rebase.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct RebaseArgs {
    std::string archive;
    std::string base_url;
    std::string out;
    std::optional<std::string> tz;
    std::optional<std::int64_t> time_millis;
    AgeFlags age;
};

constexpr const char* k_footer =
    R"(Rewrites the metadata baseUrl and every occurrence of the old base URL (taken from the
metadata) in JSON, XML, properties and text entries, also in their escaped spellings
(JSON "\/", Java properties "\:", percent-encoded redirect URIs). A URL that merely starts
with the old one (".../jira2") is left alone. Every other entry is copied with its
compressed bytes unchanged. Every place changed is listed as ENTRY:LINE.
The new archive is a new snapshot: by default it is named after the time of the rebase,
sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip beside ARCHIVE (local time in --tz, else $TZ, else the
system zone), and its metadata timeMillis is that time, so restore accepts it and its id
never collides with the original's on a server. --out FILE chooses the name instead and
keeps the original timeMillis. It is written atomically (0600) with its .sha256 sidecar and
never replaces an existing file. What a new URL needs beyond the archive is printed as warnings: a Kerberos
service principal and keytab for the new host, and the new SAML ACS / OIDC redirect URLs
registered at each identity provider.

ARCHIVE may be encrypted (.zip.age, read with --identity); with --encrypt-to or
--recipients-file the output is written encrypted (OUT.age) and no plaintext zip is written.

Examples:
  ssosnap rebase prod/sso-snapshot-2026-11-27-22_00_01.zip \
      --base-url https://jira-staging.example.test
  ssosnap rebase prod/sso-snapshot-2026-11-27-22_00_01.zip \
      --base-url https://jira-staging.example.test --out staging/sso-snapshot-2026-11-27-22_00_01.zip

Exit status: 0 written, 2 unusable --base-url, unknown --tz zone or nothing to change,
3 unreadable archive, no metadata baseUrl inside it, or the output exists.)";

std::string place(const workflow::RebaseChange& c)
{
    if (c.line == 0) return c.entry + " (metadata rewritten)";
    return c.entry + ":" + std::to_string(c.line) +
           (c.count > 1 ? " (" + std::to_string(c.count) + " times)" : std::string());
}

void render_json(Context& ctx, const workflow::RebaseReport& r)
{
    auto doc = envelope(ctx);
    doc["path"] = r.out.string();
    doc["out"] = r.out.string();  // the name before "path" (kept for existing scripts)
    doc["id"] = r.out.stem().string();
    doc["time_millis"] = r.time_millis ? nlohmann::json(*r.time_millis) : nlohmann::json(nullptr);
    doc["old_base_url"] = r.old_base_url;
    doc["new_base_url"] = r.new_base_url;
    auto changes = nlohmann::json::array();
    for (const auto& c : r.changes)
        changes.push_back({{"entry", c.entry}, {"line", c.line}, {"count", c.count}});
    doc["changes"] = changes;
    doc["entries_rewritten"] = r.entries_rewritten;
    doc["entries_copied"] = r.entries_copied;
    doc["warnings"] = findings_json(r.warnings);
    print_json(ctx, doc);
}

void run_rebase(Context& ctx, const RebaseArgs& args)
{
    workflow::RebaseOptions options;
    options.new_base_url = args.base_url;
    options.out = args.out;
    options.zone = args.tz;
    options.time_millis = args.time_millis;
    options.age = age_options(ctx, args.age);
    if (!options.zone) {
        if (auto tz = ctx.env("TZ"); tz && !tz->empty())
            options.zone = tz->front() == ':' ? tz->substr(1) : *tz;
    }
    auto report = workflow::rebase_archive(args.archive, options);
    if (!report) {
        report_error(ctx, report.error());
        return;
    }
    if (ctx.json) {
        render_json(ctx, *report);
    } else {
        ctx.err << "rebased " << report->old_base_url << " -> " << report->new_base_url << ": "
                << report->changes.size() << " places in " << report->entries_rewritten
                << " entries; " << report->entries_copied << " entries copied unchanged\n";
        for (const auto& c : report->changes)
            ctx.err << "  changed " << place(c) << "\n";
        ctx.out << report->out.string() << "\n";
    }
    for (const auto& w : report->warnings)
        warn(ctx, w.code + (w.path.empty() ? "" : " " + w.path) + ": " + w.message);
    ctx.status = 0;
}

}  // namespace

void add_rebase(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<RebaseArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    cmd->add_option("ARCHIVE", args->archive, "Snapshot archive with metadata (baseUrl) inside")
        ->required();
    cmd->add_option("--base-url", args->base_url,
                    "The new base URL, e.g. https://jira-staging.example.test")
        ->required();
    cmd->add_option("--out", args->out,
                    "Output archive (default: a new snapshot name for now, beside ARCHIVE; "
                    "FILE keeps the original timeMillis)")
        ->type_name("FILE");
    cmd->add_option("--tz", args->tz,
                    "IANA zone for the local time in the default name (default: $TZ, else the "
                    "system zone), e.g. Europe/Oslo");
    cmd->add_option("--time-millis", args->time_millis,
                    "timeMillis of the default-named output, epoch milliseconds (default: now)")
        ->type_name("MS")
        ->check(CLI::NonNegativeNumber);
    add_identity_flags(*cmd, args->age);
    add_encrypt_flags(*cmd, args->age);
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_rebase(ctx, *args);
    });
}

}  // namespace ssosnap::cli
