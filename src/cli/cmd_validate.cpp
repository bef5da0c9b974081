// ssosnap validate ARCHIVE [target flags | --against OTHER] [--tz ZONE] [--strict]:
// can this snapshot go onto that server? verify's findings plus the version, product,
// base-URL and name-time gates, and a verdict.
#include "archive/classify.hpp"
#include "archive/lint.hpp"
#include "cli/age_flags.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "metadata/time_check.hpp"
#include "metadata/validate.hpp"
#include "workflow/rebase.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct ValidateArgs {
    std::string archive;
    std::string app;
    std::string app_version;
    std::string plugin_version;
    std::string base_url;
    std::string against;
    std::string tz;
    bool strict = false;
    CLI::App* cmd = nullptr;
    AgeFlags age;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

constexpr const char* k_footer =
    R"doc(The target comes from the flags, or from another archive's metadata (--against); flags
override what --against gives. Every finding of `ssosnap verify` is included. Findings:
  error    app-mismatch             product differs (compared case-insensitively)
  error    plugin-version-mismatch  Kantega SSO version differs, older or newer (Maven order)
  warning  app-version-differs      product version differs, older or newer
  warning  base-url-differs         base URL differs; one more line per entry holding it
  warning  time-name-mismatch       file-name time does not fit timeMillis (--tz: that zone)
  warning  metadata-missing         no metadata, or a field a gate needs is empty
  info     upgrade-backup           the app's own "Backup before upgrade ..." snapshot
Verdict: compatible, compatible-with-warnings or incompatible.

Examples:
  ssosnap validate sso-snapshot-2022-01-04-13_17_04.zip --app JIRA --plugin-version 5.2.1
  ssosnap validate old.zip --against fresh-from-target.zip --tz Europe/Oslo --strict

Exit status: 0 no error findings (with --strict: no warnings either), 1 incompatible (or a
warning with --strict), 2 usage error (e.g. unknown --tz zone), 3 the archive cannot be read.)doc";

// Entries read to look for the old base URL are capped: config files are small.
constexpr std::uint64_t k_max_scan_bytes = std::uint64_t{16} << 20;

std::optional<std::string> flag(const ValidateArgs& args, const char* name,
                                const std::string& value)
{
    return args.cmd->count(name) > 0 ? std::optional<std::string>(value) : std::nullopt;
}

// Staged together (StagedArchives): ARCHIVE first, then --against OTHER ("" when not given).
constexpr std::size_t k_archive = 0;
constexpr std::size_t k_against = 1;

core::Result<metadata::Target> build_target(const Context& ctx, const ValidateArgs& args,
                                            const StagedArchives& archives)
{
    metadata::Target target;
    if (!args.against.empty()) {
        auto other = workflow::load_snapshot(
            archives.path(k_against), {}, workflow::SidecarCheck::no, age_options(ctx, args.age));
        if (!other) return core::fail(archives.shown(other.error()));
        if (!other->located.meta) {
            return core::fail(core::Errc::input,
                              "reading '" + args.against +
                                  "': it has no metadata to validate against; give the target "
                                  "with --app, --plugin-version, ... instead",
                              "metadata-missing");
        }
        target = metadata::target_from(*other->located.meta);
    }
    if (auto v = flag(args, "--app", args.app)) target.app = v;
    if (auto v = flag(args, "--app-version", args.app_version)) target.app_version = v;
    if (auto v = flag(args, "--plugin-version", args.plugin_version)) target.plugin_version = v;
    if (auto v = flag(args, "--base-url", args.base_url)) target.base_url = v;
    return target;
}

// Names of the config entries whose content holds `url` (they break SAML/OIDC after a
// restore), found by rebase's own matcher (workflow::find_base_url): exactly the entries
// `rebase` would rewrite. The metadata entry itself is not config and is left out.
std::vector<std::string> entries_holding(const workflow::LoadedSnapshot& snap,
                                         const std::string& url)
{
    const auto& reader = snap.reader;
    const bool meta_in_archive = snap.located.source == metadata::MetaSource::metadata_json ||
                                 snap.located.source == metadata::MetaSource::root_json;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < reader.entries().size(); ++i) {
        const auto& e = reader.entries()[i];
        if (e.is_directory || e.encrypted || e.size > k_max_scan_bytes) continue;
        if (meta_in_archive && e.name == snap.located.entry) continue;
        auto data = reader.read(i);  // unreadable entries are already lint findings
        if (data && !workflow::find_base_url(*data, url, archive::classify(e.name, *data)).empty())
            out.push_back(e.name);
    }
    return out;
}

std::string describe_meta(const metadata::SnapshotMeta& m)
{
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    return or_dash(m.application_name) + " " + or_dash(m.application_version) + ", Kantega SSO " +
           or_dash(m.plugin_version) + ", " + or_dash(m.base_url);
}

std::string describe_target(const metadata::Target& t)
{
    if (metadata::is_empty(t)) return "none given: only the archive itself is checked";
    auto part = [](const std::optional<std::string>& v) { return v ? *v : std::string("any"); };
    return part(t.app) + " " + part(t.app_version) + ", Kantega SSO " + part(t.plugin_version) +
           ", " + part(t.base_url);
}

nlohmann::json optional_json(const std::optional<std::string>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json report_json(Context& ctx, const ValidateArgs& args,
                           const metadata::LocatedMeta& located, const metadata::Target& target,
                           const metadata::ValidateReport& report)
{
    auto doc = envelope(ctx);
    doc["archive"] = args.archive;
    doc["verdict"] = metadata::verdict_name(report.verdict);
    doc["strict"] = args.strict;
    doc["passed"] =
        metadata::passes(report, args.strict ? metadata::Strict::yes : metadata::Strict::no);
    doc["metadata_source"] = metadata::meta_source_name(located.source);
    doc["target"] = {{"applicationName", optional_json(target.app)},
                     {"applicationVersion", optional_json(target.app_version)},
                     {"pluginVersion", optional_json(target.plugin_version)},
                     {"baseUrl", optional_json(target.base_url)}};
    doc["time"] = nullptr;
    if (report.time) {
        const auto& t = *report.time;
        doc["time"] = {{"consistent", t.consistent},
                       {"zone", optional_json(flag(args, "--tz", args.tz))},
                       {"implied_offset",
                        t.implied_offset_minutes
                            ? nlohmann::json(metadata::format_utc_offset(*t.implied_offset_minutes))
                            : nlohmann::json(nullptr)},
                       {"zone_offset",
                        t.zone_offset_minutes
                            ? nlohmann::json(metadata::format_utc_offset(*t.zone_offset_minutes))
                            : nlohmann::json(nullptr)},
                       {"message", t.message}};
    }
    doc["upgrade"] = nullptr;
    if (report.upgrade) {
        doc["upgrade"] = {{"from", report.upgrade->from_version},
                          {"to", report.upgrade->to_version},
                          {"from_unknown", report.upgrade->from_unknown}};
    }
    doc["findings"] = findings_json(report.findings);
    return doc;
}

void render_text(Context& ctx, const metadata::LocatedMeta& located, const metadata::Target& target,
                 const metadata::ValidateReport& report)
{
    std::vector<std::vector<std::string>> rows;
    if (located.meta) {
        rows.push_back({"snapshot", describe_meta(*located.meta) + " (" +
                                        metadata::meta_source_name(located.source) + ")"});
    } else {
        rows.push_back({"snapshot", "no metadata"});
    }
    rows.push_back({"target", describe_target(target)});
    if (report.time) rows.push_back({"time", report.time->message});
    print_table(ctx.out, rows);
    print_findings(ctx.out, report.findings);
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const auto& f : report.findings) {
        errors += f.severity == core::Severity::error ? 1 : 0;
        warnings += f.severity == core::Severity::warning ? 1 : 0;
    }
    ctx.out << "verdict: " << metadata::verdict_name(report.verdict) << " (" << errors
            << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning)" : " warnings)") << "\n";
}

void run_validate(Context& ctx, const ValidateArgs& args, const StagedArchives& archives)
{
    std::optional<std::string> zone;
    if (args.cmd->count("--tz") > 0) {
        zone = args.tz;
        if (auto ok = metadata::check_zone_name(args.tz); !ok) {
            report_error(ctx, ok.error().with_context("--tz"));
            return;
        }
    }
    auto target = build_target(ctx, args, archives);
    if (!target) {
        report_error(ctx, target.error());
        return;
    }
    const auto& file = archives.path(k_archive);
    auto snap =
        workflow::load_snapshot(file, {}, workflow::SidecarCheck::yes, age_options(ctx, args.age));
    metadata::ValidateInput in;
    metadata::LocatedMeta located;
    if (!snap && workflow::needs_identity(snap.error())) {
        // Encrypted, no identity: the readable sidecar's metadata, and what it cannot tell.
        auto sealed = workflow::load_sealed(file);
        if (!sealed) return void(report_error(ctx, archives.shown(sealed.error())));
        located.source = metadata::MetaSource::sidecar;
        located.entry = workflow::sealed_sidecar_path(file).filename().string();
        located.meta = sealed->sealed.meta;
        in.name_time = sealed->name_time;
        in.prior = sealed->findings;
    } else if (!snap) {
        return void(report_error(ctx, archives.shown(snap.error())));
    } else {
        located = snap->located;
        in.name_time = snap->name_time;
        in.prior = snap->findings;
        for (auto* lint : {&archive::lint_structure, &archive::lint_contents}) {
            auto found = (*lint)(snap->reader);
            in.prior.insert(in.prior.end(), found.begin(), found.end());
        }
    }
    in.meta = located.meta;
    in.target = *target;
    in.zone = zone;
    if (snap && in.meta && target->base_url && !in.meta->base_url.empty() &&
        !metadata::same_base_url(in.meta->base_url, *target->base_url)) {
        in.base_url_entries = entries_holding(*snap, in.meta->base_url);
    }
    auto report = metadata::validate_snapshot(in);
    if (!report) {
        report_error(ctx, archives.shown(report.error()));
        return;
    }
    report->findings = archives.shown(std::move(report->findings));
    const auto strict = args.strict ? metadata::Strict::yes : metadata::Strict::no;
    ctx.status = metadata::passes(*report, strict) ? 0 : 1;
    if (ctx.json) {
        print_json(ctx, report_json(ctx, args, located, *target, *report));
    } else {
        render_text(ctx, located, *target, *report);
    }
}

}  // namespace

void add_validate(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<ValidateArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    args->cmd = cmd;
    cmd->footer(k_footer);
    cmd->add_option("ARCHIVE", args->archive, "The snapshot archive to check")->required();
    cmd->add_option("--app", args->app, "Target product: JIRA, CONFLUENCE, BITBUCKET, BAMBOO");
    cmd->add_option("--app-version", args->app_version, "Target product version, e.g. 9.4.0");
    cmd->add_option("--plugin-version", args->plugin_version,
                    "Kantega SSO version installed on the target, e.g. 6.7.1");
    cmd->add_option("--base-url", args->base_url,
                    "Target base URL, e.g. https://jira.example.test/jira");
    cmd->add_option("--against", args->against,
                    "Take the target from this archive's metadata (e.g. a fresh snapshot of the "
                    "target server; a file or s3://BUCKET/KEY)");
    cmd->add_option("--tz", args->tz,
                    "The server's time zone (IANA name, e.g. Europe/Oslo): check the file-name "
                    "time with its real offset instead of any whole quarter-hour offset");
    cmd->add_flag("--strict", args->strict, "Warnings fail validation too (exit 1)");
    add_identity_flags(*cmd, args->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, args->s3);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, args->s3, {args->archive, args->against});
        if (!archives) return void(report_error(ctx, archives.error()));
        run_validate(ctx, *args, *archives);
    });
}

}  // namespace ssosnap::cli
