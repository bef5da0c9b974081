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
    AgeFlags age;
};

constexpr const char* k_footer =
    R"(Rewrites the metadata baseUrl and every occurrence of the old base URL (taken from the
metadata) in JSON, XML, properties and text entries, also in their escaped spellings
(JSON "\/", Java properties "\:", percent-encoded redirect URIs). A URL that merely starts
with the old one (".../jira2") is left alone. Every other entry is copied with its
compressed bytes unchanged. Every place changed is listed as ENTRY:LINE.
The new archive is written atomically (0600) with its .sha256 sidecar; it never replaces an
existing file. What a new URL needs beyond the archive is printed as warnings: a Kerberos
service principal and keytab for the new host, and the new SAML ACS / OIDC redirect URLs
registered at each identity provider.

ARCHIVE may be encrypted (.zip.age, read with --identity); with --encrypt-to or
--recipients-file the output is written encrypted (OUT.age) and no plaintext zip is written.

Example:
  ssosnap rebase prod/sso-snapshot-2026-11-27-22_00_01.zip \
      --base-url https://jira-staging.example.test --out staging/sso-snapshot-2026-11-27-22_00_01.zip

Exit status: 0 written, 2 unusable --base-url or nothing to change, 3 unreadable archive
or no metadata baseUrl inside it.)";

std::string place(const workflow::RebaseChange& c)
{
    if (c.line == 0) return c.entry + " (metadata rewritten)";
    return c.entry + ":" + std::to_string(c.line) +
           (c.count > 1 ? " (" + std::to_string(c.count) + " times)" : std::string());
}

void render_json(Context& ctx, const workflow::RebaseReport& r)
{
    auto doc = envelope(ctx);
    doc["out"] = r.out.string();
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
    auto report = workflow::rebase_archive(
        args.archive,
        {.new_base_url = args.base_url, .out = args.out, .age = age_options(ctx, args.age)});
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
                    "Output archive (default: ARCHIVE's name with -rebased, beside it)");
    add_identity_flags(*cmd, args->age);
    add_encrypt_flags(*cmd, args->age);
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_rebase(ctx, *args);
    });
}

}  // namespace ssosnap::cli
