// ssosnap remote download | upload: snapshot transfer over the assumed endpoints, streamed
// (never loaded into memory), atomic on disk, checked on both ends.

#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/remote_common.hpp"
#include "core/strings.hpp"
#include "metadata/file_name.hpp"
#include "workflow/fetch.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

struct DownloadFlags {
    std::string id;
    std::string to = ".";
    bool force = false;
};

// A downloaded or to-be-uploaded archive must open and have no structural errors (the
// entries' bytes are not inflated here).
core::Result<std::vector<core::Finding>> check_archive(const fs::path& path,
                                                       workflow::SidecarCheck sidecar)
{
    auto findings = workflow::check_snapshot_file(path, sidecar, true,  // temporary names
                                                  workflow::CheckDepth::structure);
    if (!findings) return core::fail(findings.error());
    if (const core::Finding* bad = workflow::first_error(*findings)) {
        return core::fail(core::Errc::input,
                          "not a usable snapshot: " + bad->code + ": " + bad->message, bad->code);
    }
    return findings;
}

void run_download(Context& ctx, RemoteSession& s, const DownloadFlags& f)
{
    // The same rule as for ids a server sends (metadata::is_snapshot_id): the id names a file.
    if (!metadata::is_snapshot_id(f.id)) {
        return void(report_error(ctx, {core::Errc::usage,
                                       "bad snapshot id " + core::quote(f.id) +
                                           " (only sso-snapshot-YYYY-MM-DD-HH_MM_SS is accepted)",
                                       "usage"}));
    }
    std::error_code ec;
    if (!fs::is_directory(f.to, ec)) {
        return void(report_error(
            ctx, {core::Errc::input, "--to " + core::quote(f.to) + " is not a folder", "input"}));
    }
    fs::path target = fs::path(f.to) / (f.id + ".zip");
    std::vector<core::Finding> findings;
    ProgressBar bar(ctx, "download " + f.id);
    rest::DownloadOptions options;
    options.overwrite = f.force ? core::Overwrite::yes : core::Overwrite::no;
    options.progress = bar.callback();
    options.check = [&findings](const fs::path& temp) -> core::Result<void> {
        auto checked = check_archive(temp, workflow::SidecarCheck::no);
        if (!checked) {
            return core::fail(core::Errc::remote,
                              "the server sent an archive that is " + checked.error().message,
                              "bad-archive");
        }
        findings = std::move(*checked);
        return {};
    };
    auto got = s.client().download_snapshot(f.id, target, options);
    bar.finish();
    if (!got) {
        auto e = got.error();
        if (!f.force && fs::exists(target, ec)) e.message += "; use --force to replace it";
        return void(report_error(ctx, e));
    }
    if (auto side = workflow::write_sha256_sidecar(got->path, got->sha256); !side) {
        // As backup does: an archive without its sidecar is not left under its final name.
        fs::remove(got->path, ec);
        return void(report_error(ctx, side.error()));
    }
    for (const auto& finding : findings)
        warn(ctx, got->path.string() + ": " + finding.code + ": " + finding.message);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["id"] = f.id;
        doc["path"] = got->path.string();
        doc["bytes"] = got->bytes;
        doc["sha256"] = got->sha256;
        doc["sidecar"] = workflow::sha256_sidecar_path(got->path).string();
        doc["findings"] = findings_json(findings);
        print_json(ctx, doc);
        return;
    }
    ctx.out << got->path.string() << "\n";
}

void run_upload(Context& ctx, RemoteSession& s, const std::string& file)
{
    fs::path path = file;
    auto name = path.filename().string();
    auto t = metadata::parse_snapshot_name(name);
    if (!t || metadata::snapshot_file_name(*t) != name) {
        return void(report_error(
            ctx, {core::Errc::input,
                  "the server names a snapshot after its file: rename " + core::quote(name) +
                      " to sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (its local time)",
                  "bad-file-name"}));
    }
    auto checked = check_archive(path, workflow::SidecarCheck::yes);
    if (!checked)
        return void(
            report_error(ctx, checked.error().with_context("checking " + core::quote(file))));
    ProgressBar bar(ctx, "upload " + name);
    auto rec = s.client().upload_snapshot(path, bar.callback());
    bar.finish();
    if (!rec) return void(report_error(ctx, rec.error()));
    if (!rec->readable) {
        return void(
            report_error(ctx, {core::Errc::remote,
                               "uploaded " + rec->id + ", but the server lists it as unreadable",
                               "unreadable"}));
    }
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["snapshot"] = record_json(*rec);
        print_json(ctx, doc);
        return;
    }
    ctx.out << "uploaded " << rec->id << "\n";
}

}  // namespace

void add_remote_transfer(CLI::App& remote, Context& ctx)
{
    const std::string parent = remote.get_name();
    auto dl = std::make_shared<DownloadFlags>();
    auto* download = add_remote_leaf(
        remote, ctx, parent, "download",
        "Download a snapshot: streamed to a temporary file, checked, renamed into place (mode "
        "0600), with an ARCHIVE.sha256 sidecar",
        [&ctx, dl](RemoteSession& s) { run_download(ctx, s, *dl); });
    download->add_option("ID", dl->id, "Snapshot id, as 'ssosnap remote list' shows")->required();
    download->add_option("--to", dl->to, "Folder to write <ID>.zip into")->capture_default_str();
    download->add_flag("--force", dl->force, "Replace an existing <ID>.zip");

    auto file = std::make_shared<std::string>();
    auto* upload = add_remote_leaf(
        remote, ctx, parent, "upload",
        "Upload an archive (multipart/form-data, streamed), then confirm the server lists it as "
        "readable",
        [&ctx, file](RemoteSession& s) { run_upload(ctx, s, *file); });
    upload->add_option("ARCHIVE", *file, "sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip to upload")
        ->required();
}

}  // namespace ssosnap::cli
