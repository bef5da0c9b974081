// ssosnap ls DIR: the inventory of a backup folder, oldest first, with what can be restored
// where. Reads only central directories and metadata entries (plus .sha256 sidecars), and
// never fails as a whole because one file is broken.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "metadata/time_check.hpp"
#include "metadata/validate.hpp"
#include "metadata/version.hpp"
#include "workflow/snapshot_folder.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct LsArgs {
    std::string dir;
    std::string app;
    std::string plugin_version;
    bool no_hash = false;
    CLI::App* cmd = nullptr;
    S3Flags s3;
};

constexpr const char* k_footer =
    R"doc(Lists every *.zip and *.zip.age in DIR (not below it), sorted by the metadata's timeMillis, or by the
file-name time when an archive has no metadata. STATE is ok, unreadable (not a zip, or
truncated), sidecar-mismatch (the archive differs from its .sha256 file) or foreign (a
readable zip that has neither snapshot metadata nor a snapshot file name). With a target
(--app, --plugin-version) two more columns say whether each archive can be
restored there and why not: the product must match and the Kantega SSO version must be the
same (Maven order); the product version is not a gate. An encrypted archive (*.zip.age) is
never decrypted: its metadata comes from its readable sidecar NAME.zip.age.json (source
"sealed"), and without one it is unreadable.

Examples:
  ssosnap ls backups/
  ssosnap ls backups/ --app JIRA --plugin-version 6.7.1
  ssosnap ls backups/ --json | jq '.archives[] | select(.state != "ok") | .file'

Exit status: 0 listed (even when some archives are broken), 2 usage error, 3 DIR cannot be
read.)doc";

// A listed archive plus what the target flags add.
struct Row : workflow::ListedArchive {
    std::optional<bool> restorable;
    std::vector<std::string> why_not;
};

// Why `row` cannot be restored onto `target`; empty when it can.
std::vector<std::string> restore_blockers(const Row& row, const metadata::Target& target)
{
    if (row.state != "ok") return {row.state};
    if (!row.meta) return {"no metadata"};
    std::vector<std::string> out;
    const auto& m = *row.meta;
    if (target.app && !core::iequals(m.application_name, *target.app))
        out.push_back(m.application_name.empty() ? "no product in metadata"
                                                 : "product " + m.application_name);
    if (target.plugin_version) {
        const int c = metadata::compare_versions(m.plugin_version, *target.plugin_version);
        if (m.plugin_version.empty())
            out.push_back("no pluginVersion in metadata");
        else if (c != 0)
            out.push_back("Kantega SSO " + m.plugin_version + (c < 0 ? " (older)" : " (newer)"));
    }
    return out;
}

std::string time_text(const Row& row)
{
    if (row.meta && row.meta->time_millis) {
        auto iso = metadata::format_utc_millis(*row.meta->time_millis);
        return iso.substr(0, 19) + "Z";  // whole seconds in the table
    }
    if (row.name_time) return metadata::to_iso_local(*row.name_time) + " local";
    return "-";
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string clip(const std::string& s, std::size_t max)
{
    if (s.size() <= max) return s;
    std::size_t n = max - 3;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return s.substr(0, n) + "...";
}

std::string or_dash(const std::string& s)
{
    return s.empty() ? std::string("-") : s;
}

std::string join(const std::vector<std::string>& parts)
{
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "; ") + p;
    return out;
}

void render_table(Context& ctx, const std::vector<Row>& rows, bool with_target)
{
    std::vector<std::vector<std::string>> table = {
        {"ID", "TIME (UTC)", "PRODUCT", "APP VERSION", "PLUGIN", "DESCRIPTION", "SIZE", "STATE"}};
    if (with_target) {
        table[0].push_back("RESTORE HERE");
        table[0].push_back("WHY NOT");
    }
    for (const auto& r : rows) {
        const auto& m = r.meta;
        std::vector<std::string> line = {r.path.stem().string(),
                                         time_text(r),
                                         or_dash(m ? m->application_name : ""),
                                         or_dash(m ? m->application_version : ""),
                                         or_dash(m ? m->plugin_version : ""),
                                         or_dash(m ? clip(m->description, 40) : ""),
                                         human_size(r.size),
                                         r.state};
        if (with_target) {
            line.push_back(r.restorable.value_or(false) ? "yes" : "no");
            line.push_back(join(r.why_not));
        }
        table.push_back(std::move(line));
    }
    print_table(ctx.out, table);
}

nlohmann::json row_json(const Row& r, bool with_target)
{
    nlohmann::json j = {{"file", r.path.filename().string()},
                        {"id", r.path.stem().string()},
                        {"state", r.state},
                        {"size", r.size},
                        {"sha256", workflow::sidecar_state_name(r.sha256)},
                        {"name_time", r.name_time
                                          ? nlohmann::json(metadata::to_iso_local(*r.name_time))
                                          : nlohmann::json(nullptr)},
                        {"metadata_source", r.meta_source.empty() ? nlohmann::json(nullptr)
                                                                  : nlohmann::json(r.meta_source)},
                        {"metadata", nullptr}};
    if (!r.error.empty()) j["error"] = r.error;
    if (r.meta) {
        const auto& m = *r.meta;
        j["metadata"] = {{"applicationName", m.application_name},
                         {"applicationVersion", m.application_version},
                         {"pluginVersion", m.plugin_version},
                         {"baseUrl", m.base_url},
                         {"timeMillis",
                          m.time_millis ? nlohmann::json(*m.time_millis) : nlohmann::json(nullptr)},
                         {"description", m.description}};
        if (m.time_millis) j["time_utc"] = metadata::format_utc_millis(*m.time_millis);
    }
    if (with_target) {
        j["restorable"] = r.restorable.value_or(false);
        j["why_not"] = r.why_not;
    }
    return j;
}

void run_ls(Context& ctx, const LsArgs& args)
{
    core::Result<std::vector<workflow::ListedArchive>> listed =
        core::fail(core::Errc::internal, "");
    if (s3::is_s3_url(args.dir)) {
        auto folder = parse_s3_folder(args.dir);
        auto session = folder
                           ? S3Session::open(ctx, args.s3)
                           : core::Result<std::unique_ptr<S3Session>>(core::fail(folder.error()));
        listed =
            session
                ? list_bucket_rows(**session, *folder)
                : core::Result<std::vector<workflow::ListedArchive>>(core::fail(session.error()));
    } else {
        listed = workflow::list_snapshot_folder(
            args.dir, args.no_hash ? workflow::SidecarCheck::no : workflow::SidecarCheck::yes);
    }
    if (!listed) {
        report_error(ctx, listed.error());
        return;
    }
    metadata::Target target;
    if (args.cmd->count("--app") > 0) target.app = args.app;
    if (args.cmd->count("--plugin-version") > 0) target.plugin_version = args.plugin_version;
    const bool with_target = !metadata::is_empty(target);

    // Oldest first (the lister's order); archives without any time last, by file name.
    std::vector<Row> rows;
    rows.reserve(listed->size());
    for (auto& l : *listed) {
        auto& r = rows.emplace_back();
        static_cast<workflow::ListedArchive&>(r) = std::move(l);
        if (r.state == "unreadable") warn(ctx, "'" + r.path.string() + "': " + r.error);
        if (with_target) {
            r.why_not = restore_blockers(r, target);
            r.restorable = r.why_not.empty();
        }
    }
    ctx.status = 0;
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["dir"] = args.dir;
        doc["archives"] = nlohmann::json::array();
        for (const auto& r : rows)
            doc["archives"].push_back(row_json(r, with_target));
        print_json(ctx, doc);
        return;
    }
    if (rows.empty()) {
        warn(ctx, "no *.zip files in '" + args.dir + "'");
        return;
    }
    render_table(ctx, rows, with_target);
}

}  // namespace

void add_ls(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<LsArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    args->cmd = cmd;
    cmd->footer(k_footer);
    cmd->add_option("DIR", args->dir,
                    "Folder holding snapshot archives, or s3://BUCKET/PREFIX/ (metadata from each "
                    "archive's record object, archives not downloaded)")
        ->required();
    add_s3_flags(*cmd, args->s3);
    cmd->add_option("--app", args->app, "Target product (JIRA, CONFLUENCE, ...): adds RESTORE");
    cmd->add_option("--plugin-version", args->plugin_version,
                    "Kantega SSO version on the target: adds RESTORE");
    cmd->add_flag("--no-hash", args->no_hash,
                  "Do not hash archives that have a .sha256 sidecar (state never "
                  "sidecar-mismatch)");
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_ls(ctx, *args);
    });
}

}  // namespace ssosnap::cli
