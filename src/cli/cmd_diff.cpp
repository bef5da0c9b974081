// ssosnap diff OLD NEW: what changed between two snapshots, content-aware, secrets redacted.
// argv → options → workflow::load_snapshot ×2 → diff::compare → one renderer → exit status
// (0 same, 1 different, 2 usage, 3 an archive cannot be read).

#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/html_report.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/s3_support.hpp"
#include "diff/compare.hpp"
#include "diff/render.hpp"
#include "diff/snapshot.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct DiffOptions {
    AgeFlags age;
    std::string old_archive;
    std::string new_archive;
    std::string format = "text";
    std::string html;  ///< --html FILE: the report page, besides stdout's output
    bool reveal = false;
    std::vector<std::string> ignore;
    bool brief = false;
    std::size_t context = 3;
    bool paranoid = false;
    archive::Limits limits;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

constexpr const char* k_footer = R"(Rules:
  Metadata: applicationName, applicationVersion, pluginVersion and baseUrl count as
  differences; timeMillis, description, the file name and unknown fields are shown only.
  Entries with equal size and CRC-32 are taken as equal without inflating them (--paranoid
  compares their bytes). JSON is compared by key and by identity key (id, name, entityId,
  key, alias) in arrays, .properties by key, XML and other text by lines, binaries by size
  and SHA-256 fingerprint.
  Secrets (keytabs, key stores, PEM private keys, secret-named files, values of keys naming
  a secret in JSON, properties, XML, YAML, INI and key=value text, credentials in any value;
  docs/format.md lists the rules) show as <redacted hmac:xxxxxxxxxxxx> in every format unless
  --reveal-secrets. The fingerprint is keyed with ~/.config/ssosnap/fingerprint.key: equal
  on one machine for equal values, useless for guessing them elsewhere.

Examples:
  ssosnap diff sso-snapshot-2024-05-01-02_00_00.zip sso-snapshot-2024-05-02-02_00_00.zip
  ssosnap diff prod.zip staging.zip --ignore 'kerberos/*.bak' --format patch
  ssosnap diff before.zip after.zip --html change-1234.html

Exit status: 0 same, 1 different, 2 usage error, 3 an archive cannot be read.)";

// The i-th archive (OLD, NEW); its errors and findings name it as given (an s3:// location
// rather than its staged copy).
core::Result<workflow::LoadedSnapshot> load(Context& ctx, const DiffOptions& opt,
                                            const StagedArchives& archives, std::size_t i)
{
    const auto& path = archives.path(i);
    auto loaded = workflow::load_snapshot(path, opt.limits, workflow::SidecarCheck::no,
                                          age_options(ctx, opt.age));
    if (!loaded) return core::fail(archives.shown(loaded.error()));
    if (auto within = diff::check_total_size(loaded->reader); !within)
        return core::fail(
            archives.shown(within.error().with_context("reading '" + path.string() + "'")));
    loaded->findings = archives.shown(std::move(loaded->findings));
    return loaded;
}

void warn_findings(Context& ctx, const workflow::LoadedSnapshot& s)
{
    for (const auto& f : s.findings)
        warn(ctx, s.path.filename().string() + ": " + f.code + ": " + f.message);
}

// The page of `report` (--html, --format html): both sides' metadata, the gate's verdict on
// restoring NEW where OLD was taken, the changes.
std::string html_page(const diff::DiffReport& report, const workflow::LoadedSnapshot& a,
                      const workflow::LoadedSnapshot& b, const DiffOptions& opt)
{
    report::PageInfo info;
    info.title = "Configuration diff";
    info.generator = report_generator();
    info.old_side = {.role = "old", .meta = a.located.meta};
    info.new_side = {.role = "new", .meta = b.located.meta};
    info.gate = gate_view(b.located.meta, a.located.meta, workflow::Force::no,
                          "Could the new snapshot be restored onto the server the old one was "
                          "taken from (without --force)?");
    info.reveals_secrets = opt.reveal;
    return report::render_html(report, info);
}

void run_diff(Context& ctx, const DiffOptions& opt, const StagedArchives& archives)
{
    if (ctx.json && opt.format != "text" && opt.format != "json") {
        report_error(ctx, {core::Errc::usage,
                           "--json and --format " + opt.format + " conflict; give one of them",
                           "usage"});
        return;
    }
    std::string format = ctx.json ? "json" : opt.format;
    auto a = load(ctx, opt, archives, 0);
    if (!a) return void(report_error(ctx, a.error()));
    auto b = load(ctx, opt, archives, 1);
    if (!b) return void(report_error(ctx, b.error()));
    auto old_side = diff::snapshot_of(a->reader, a->located, a->path.filename().string());
    auto new_side = diff::snapshot_of(b->reader, b->located, b->path.filename().string());

    diff::CompareOptions compare_options;
    compare_options.redactor = make_redactor(ctx, opt.reveal ? Reveal::yes : Reveal::no);
    compare_options.ignore = opt.ignore;
    compare_options.context = opt.context;
    compare_options.brief = opt.brief;
    compare_options.paranoid = opt.paranoid;
    auto report = diff::compare(old_side, new_side, compare_options);
    if (!report) return void(report_error(ctx, report.error()));

    if (!opt.html.empty()) {
        auto written = write_html_file(opt.html, html_page(*report, *a, *b, opt),
                                       opt.reveal ? Reveal::yes : Reveal::no);
        if (!written) return void(report_error(ctx, written.error()));
    }
    ctx.json = format == "json";
    if (format == "html") {
        ctx.out << html_page(*report, *a, *b, opt);
    } else if (format == "text") {
        warn_findings(ctx, *a);
        warn_findings(ctx, *b);
        ctx.out << diff::render_text(*report, {use_colour(ctx), opt.brief});
    } else {
        auto doc = envelope(ctx);
        doc.update(nlohmann::json::parse(format == "json"
                                             ? diff::render_json(*report, {false, opt.brief})
                                             : diff::render_patch(*report)));
        doc["findings"] = {{"old", findings_json(a->findings)},
                           {"new", findings_json(b->findings)}};
        print_json(ctx, doc);
    }
    ctx.status = report->differs() ? 1 : 0;
}

}  // namespace

void add_diff(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<DiffOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("OLD", opt->old_archive, "The older (or reference) snapshot archive")
        ->required();
    cmd->add_option("NEW", opt->new_archive, "The newer snapshot archive to compare with it")
        ->required();
    cmd->add_option("--format", opt->format,
                    "Output: text (default; colour on a terminal unless NO_COLOR is set), json "
                    "(every change as data), patch (RFC 6902 JSON Patch per JSON entry) or html "
                    "(one self-contained page; see --html)")
        ->check(CLI::IsMember({"text", "json", "patch", "html"}));
    cmd->add_option("--html", opt->html,
                    "Also write the report as one self-contained HTML page to FILE (atomically; "
                    "secrets redacted as in the text; no script, nothing loaded when opened)")
        ->type_name("FILE");
    cmd->add_flag("--reveal-secrets", opt->reveal,
                  "Show secret values (keys, keytabs, passwords, tokens) instead of "
                  "<redacted hmac:xxxxxxxxxxxx>");
    cmd->add_option("--ignore", opt->ignore,
                    "Skip entries whose name matches GLOB ('*' within a folder, '**' across "
                    "folders, '?', '[a-z]'; a pattern without '/' also matches the last name "
                    "component). Repeatable")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    cmd->add_flag("--brief", opt->brief,
                  "List the changed entries (and counting metadata fields) only; changed "
                  "entries are not inflated");
    cmd->add_option("--context", opt->context, "Unchanged lines shown around each text change")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag("--paranoid", opt->paranoid,
                  "Compare the bytes of entries even when their size and CRC-32 are equal");
    add_limit_flags(*cmd, opt->limits);
    add_identity_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, opt->s3);
    cmd->footer(k_footer);
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, opt->s3, {opt->old_archive, opt->new_archive});
        if (!archives) return void(report_error(ctx, archives.error()));
        run_diff(ctx, *opt, *archives);
    });
}

}  // namespace ssosnap::cli
