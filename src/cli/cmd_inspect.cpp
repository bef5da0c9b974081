// ssosnap inspect ARCHIVE: metadata and its source, the time (UTC and as in the file name),
// every entry with sizes, CRC-32, kind and secret flag, and totals. Reads only the central
// directory and the metadata entry unless --deep asks to classify by content.

#include "archive/classify.hpp"
#include "archive/lint.hpp"
#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "metadata/local_time.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

namespace ssosnap::cli
{
namespace
{

struct InspectOptions {
    std::string archive;
    bool deep = false;
    archive::Limits limits;
    AgeFlags age;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

struct EntryView {
    const archive::Entry* entry;
    archive::EntryKind kind;
    /// Unknown when the name does not say and the content was not read (no --deep): the
    /// text shows "?", the JSON null, never a "no" that the content might contradict.
    std::optional<bool> secret;
};

// The CRC-32 as 8 lower-case hex digits.
std::string_view crc_hex(std::uint32_t crc, char (&buf)[8])
{
    static constexpr char k_hex[] = "0123456789abcdef";
    for (int i = 7; i >= 0; --i, crc >>= 4)
        buf[i] = k_hex[crc & 0xf];
    return {buf, sizeof buf};
}

const char* method_name(std::uint16_t method)
{
    return method == 0 ? "stored" : method == 8 ? "deflate" : "other";
}

// Kind and secret flag of every entry: by name, or by content with --deep (read problems
// then become findings and the entry keeps its name-based view).
std::vector<EntryView> classify_entries(const archive::Reader& reader, bool deep,
                                        std::vector<core::Finding>& findings)
{
    std::vector<EntryView> out;
    const auto& entries = reader.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        EntryView v{&e, archive::classify_by_name(e.name), std::nullopt};
        if (archive::is_secret_by_name(e.name)) {
            v.secret = true;
        } else if (e.is_directory) {
            v.secret = false;
        }
        if (deep && !e.is_directory && !e.encrypted) {
            auto data = reader.read(i);
            if (data) {
                v.kind = archive::classify(e.name, *data);
                v.secret = v.secret.value_or(false) || archive::is_secret_content(e.name, *data);
            } else {
                findings.push_back(
                    {core::Severity::error, data.error().id, e.name, data.error().message});
            }
        }
        out.push_back(v);
    }
    return out;
}

nlohmann::json metadata_json(const metadata::LocatedMeta& located)
{
    nlohmann::json j{{"source", metadata::meta_source_name(located.source)},
                     {"entry", located.entry},
                     {"record", nullptr}};
    if (located.meta) j["record"] = nlohmann::json::parse(metadata::to_json(*located.meta, -1));
    return j;
}

void print_json_view(Context& ctx, const InspectOptions& opt, const workflow::LoadedSnapshot& s,
                     const std::vector<EntryView>& views,
                     const std::vector<core::Finding>& findings)
{
    auto doc = envelope(ctx);
    doc["archive"] = {{"path", opt.archive}, {"size", s.reader.archive_size()}};
    doc["metadata"] = metadata_json(s.located);
    // Plain ifs, not `?:` on optionals: GCC 12 -O2 warns (falsely) maybe-uninitialized there.
    nlohmann::json millis_json;
    nlohmann::json utc_json;
    if (s.located.meta && s.located.meta->time_millis) {
        millis_json = *s.located.meta->time_millis;
        utc_json = metadata::utc_iso(*s.located.meta->time_millis);
    }
    doc["time"] = {{"time_millis", millis_json},
                   {"utc", utc_json},
                   {"file_name", s.name_time ? nlohmann::json(metadata::to_iso_local(*s.name_time))
                                             : nlohmann::json()}};
    auto entries = nlohmann::json::array();
    std::uint64_t size = 0;
    std::uint64_t stored = 0;
    char crc[8];
    for (const auto& v : views) {
        const auto& e = *v.entry;
        size += e.size;
        stored += e.compressed_size;
        entries.push_back({{"name", e.name},
                           {"size", e.size},
                           {"compressed_size", e.compressed_size},
                           {"crc32", crc_hex(e.crc32, crc)},
                           {"method", method_name(e.method)},
                           {"kind", archive::kind_name(v.kind)},
                           {"secret", v.secret ? nlohmann::json(*v.secret) : nlohmann::json()},
                           {"encrypted", e.encrypted},
                           {"symlink", e.is_symlink}});
    }
    doc["entries"] = entries;
    doc["classified_by"] = opt.deep ? "content" : "name";
    doc["totals"] = {{"entries", views.size()}, {"size", size}, {"compressed_size", stored}};
    doc["findings"] = findings_json(findings);
    print_json(ctx, doc);
}

void print_text_view(Context& ctx, const InspectOptions& opt, const workflow::LoadedSnapshot& s,
                     const std::vector<EntryView>& views,
                     const std::vector<core::Finding>& findings)
{
    TextTable head;
    auto line = [&head](std::string_view label, std::string_view value) {
        head.cell(label).escaped_cell(value).end_row();  // the archive's metadata is untrusted
    };
    line("archive", opt.archive + " (" + human_size(s.reader.archive_size()) + ")");
    std::string source = metadata::meta_source_name(s.located.source);
    if (!s.located.entry.empty() && s.located.entry != source)
        source += " (" + s.located.entry + ")";
    line("metadata", source);
    if (const auto& m = s.located.meta) {
        line("application", m->application_name + " " + m->application_version);
        line("plugin version", m->plugin_version);
        line("base URL", m->base_url);
        line("description", m->description);
        line("time (UTC)", m->time_millis ? metadata::utc_iso(*m->time_millis) : "-");
    }
    line("file-name time", s.name_time
                               ? metadata::to_iso_local(*s.name_time) + " (server local time)"
                               : "- (not a snapshot file name)");
    std::uint64_t size = 0;
    std::uint64_t stored = 0;
    TextTable rows;
    rows.cell("NAME").cell("SIZE").cell("STORED").cell("CRC-32").cell("KIND").cell("SECRET");
    rows.end_row();
    char crc[8];
    bool unknown = false;
    for (const auto& v : views) {
        const auto& e = *v.entry;
        size += e.size;
        stored += e.compressed_size;
        rows.escaped_cell(e.name)  // control bytes escaped: names are untrusted
            .cell(e.size)
            .cell(e.compressed_size)
            .cell(crc_hex(e.crc32, crc))
            .cell(archive::kind_name(v.kind))
            .cell(!v.secret   ? "?"
                  : *v.secret ? "yes"
                              : "no");
        rows.end_row();
        unknown = unknown || !v.secret;
    }
    line("entries", std::to_string(views.size()) + " (" + human_size(size) + ", " +
                        human_size(stored) + " stored)");
    head.print(ctx.out);
    ctx.out << "\n";
    rows.print(ctx.out);
    if (unknown) {
        ctx.out << "\nSECRET ?: the name does not say and the content was not read; --deep reads "
                   "every entry (a clientSecret in JSON, a bindPassword in properties)\n";
    }
    if (!findings.empty()) {
        ctx.out << "\nfindings:\n";
        print_findings(ctx.out, findings);
    }
}

void run_inspect(Context& ctx, const InspectOptions& opt, const StagedArchives& archives)
{
    auto loaded = workflow::load_snapshot(archives.path(0), opt.limits, workflow::SidecarCheck::no,
                                          age_options(ctx, opt.age));
    if (!loaded) {
        report_error(ctx, archives.shown(loaded.error()));
        return;
    }
    auto findings = loaded->findings;
    auto structure = archive::lint_structure(loaded->reader);
    findings.insert(findings.end(), structure.begin(), structure.end());
    auto views = classify_entries(loaded->reader, opt.deep, findings);
    findings = archives.shown(std::move(findings));
    if (ctx.json) {
        print_json_view(ctx, opt, *loaded, views, findings);
    } else {
        print_text_view(ctx, opt, *loaded, views, findings);
    }
    ctx.status = 0;
}

}  // namespace

void add_inspect(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<InspectOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("ARCHIVE", opt->archive, "The snapshot archive (.zip or .zip.age) to show")
        ->required();
    cmd->add_flag("--deep", opt->deep,
                  "Inflate every entry to classify it and detect secrets by content (by "
                  "default only names are used and nothing but the metadata is inflated: "
                  "SECRET is then 'yes' by name, or '?')");
    add_limit_flags(*cmd, opt->limits);
    add_identity_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, opt->s3);
    cmd->footer("Example:\n  ssosnap inspect sso-snapshot-2022-01-04-13_17_04.zip --json\n\n"
                "Exit status: 0 shown (findings included), 3 the archive cannot be read.");
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, opt->s3, {opt->archive});
        if (!archives) return void(report_error(ctx, archives.error()));
        run_inspect(ctx, *opt, *archives);
    });
}

}  // namespace ssosnap::cli
