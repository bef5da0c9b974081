// ssosnap extract ARCHIVE --to DIR: unpack safely (see archive/extract.hpp).

#include "archive/extract.hpp"
#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct ExtractOptions {
    std::string archive;
    std::string to;
    archive::Limits limits;
    AgeFlags age;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

void run_extract(Context& ctx, const ExtractOptions& opt, const StagedArchives& archives)
{
    auto loaded = workflow::load_snapshot(archives.path(0), opt.limits, workflow::SidecarCheck::no,
                                          age_options(ctx, opt.age));
    if (!loaded) {
        report_error(ctx, archives.shown(loaded.error()));
        return;
    }
    auto report = archive::extract_archive(loaded->reader, opt.to);
    if (!report) {
        report_error(ctx, archives.shown(report.error()));
        return;
    }
    auto secrets = std::count_if(report->files.begin(), report->files.end(),
                                 [](const archive::ExtractedFile& f) { return f.secret; });
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["archive"] = opt.archive;
        doc["dir"] = opt.to;
        auto files = nlohmann::json::array();
        for (const auto& f : report->files) {
            files.push_back(
                {{"name", f.name}, {"size", f.size}, {"secret", f.secret}, {"mode", "0600"}});
        }
        doc["files"] = files;
        print_json(ctx, doc);
    } else {
        ctx.out << "extracted " << report->files.size() << " files into " << opt.to << " ("
                << secrets << " secret; every file written 0600)\n";
    }
    ctx.status = 0;
}

}  // namespace

void add_extract(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<ExtractOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("ARCHIVE", opt->archive, "The snapshot archive (.zip or .zip.age) to unpack")
        ->required();
    cmd->add_option("--to", opt->to,
                    "Folder to create (it may exist only as an empty folder, not a link)")
        ->required();
    add_limit_flags(*cmd, opt->limits);
    add_identity_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, opt->s3);
    cmd->footer(
        "Refuses an archive with unsafe entries (unsafe-path, symlink-entry, duplicate-name,\n"
        "overlapping-entries, limit-exceeded) before writing anything; writes into a hidden\n"
        "staging folder beside DIR and renames it into place; every file gets mode 0600 and\n"
        "every folder 0700; never follows or creates symbolic links, and every path is\n"
        "resolved beneath DIR by the kernel (openat2 RESOLVE_BENEATH).\n\n"
        "Example:\n  ssosnap extract sso-snapshot-2022-01-04-13_17_04.zip --to /tmp/snap\n\n"
        "Exit status: 0 extracted, 3 an entry cannot be read (nothing is left behind),\n"
        "6 refused: unsafe archive or DIR not empty.");
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, opt->s3, {opt->archive});
        if (!archives) return void(report_error(ctx, archives.error()));
        run_extract(ctx, *opt, *archives);
    });
}

}  // namespace ssosnap::cli
