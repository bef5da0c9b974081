// ssosnap remote download | upload: snapshot transfer over the assumed endpoints, streamed
// (never loaded into memory), atomic on disk, checked on both ends.

#include "cli/age_flags.hpp"
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
    AgeFlags age;
};

struct UploadFlags {
    std::string file;
    AgeFlags age;
};

void print_downloaded(Context& ctx, const std::string& id, const fs::path& path,
                      std::uint64_t bytes, const std::string& sha256,
                      const std::vector<core::Finding>& findings)
{
    for (const auto& finding : findings)
        warn(ctx, path.string() + ": " + finding.code + ": " + finding.message);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["id"] = id;
        doc["path"] = path.string();
        doc["bytes"] = bytes;
        doc["sha256"] = sha256;
        doc["sidecar"] = workflow::sha256_sidecar_path(path).string();
        doc["encrypted"] = workflow::has_encrypted_name(path);
        doc["findings"] = findings_json(findings);
        print_json(ctx, doc);
        return;
    }
    ctx.out << path.string() << "\n";
}

// With recipients: the plaintext stays in memory and <ID>.zip.age is written (fetch.hpp).
void run_encrypted_download(Context& ctx, RemoteSession& s, const DownloadFlags& f)
{
    const fs::path target = fs::path(f.to) / (f.id + ".zip.age");
    ProgressBar bar(ctx, "download " + f.id);
    workflow::FetchOptions fetch;
    fetch.progress = bar.callback();
    fetch.encrypt = age_options(ctx, f.age, s.resolved().profile);
    auto got = workflow::fetch_snapshot(s.client(), f.id, target, fetch);
    if (!got) return void(report_error(ctx, got.error()));
    print_downloaded(ctx, f.id, got->path, got->bytes, got->sha256, got->findings);
}

// A downloaded or to-be-uploaded archive must open and have no structural errors. A download
// is also inflated entry by entry (CRC-32): its .sha256 sidecar is about to vouch for it, as
// backup's does. An upload is the user's own file; the server reads it, and restore checks its
// contents before anything is applied.
core::Result<std::vector<core::Finding>>
check_archive(const fs::path& path, workflow::SidecarCheck sidecar, workflow::CheckDepth depth)
{
    auto findings = workflow::check_snapshot_file(path, sidecar, true, depth);  // temporary names
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
    if (crypt::encrypts(age_options(ctx, f.age, s.resolved().profile)))
        return run_encrypted_download(ctx, s, f);
    fs::path target = fs::path(f.to) / (f.id + ".zip");
    std::vector<core::Finding> findings;
    ProgressBar bar(ctx, "download " + f.id);
    rest::DownloadOptions options;
    options.overwrite = f.force ? core::Overwrite::yes : core::Overwrite::no;
    options.progress = bar.callback();
    options.check = [&findings](const fs::path& temp) -> core::Result<void> {
        auto checked =
            check_archive(temp, workflow::SidecarCheck::no, workflow::CheckDepth::contents);
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
    print_downloaded(ctx, f.id, got->path, got->bytes, got->sha256, findings);
}

// An encrypted archive: decrypted into memory, checked, uploaded from memory as <id>.zip.
core::Result<metadata::SnapshotRecord>
upload_encrypted(Context& ctx, RemoteSession& s, const UploadFlags& f, const std::string& name)
{
    auto loaded = workflow::load_snapshot(f.file, {}, workflow::SidecarCheck::yes,
                                          age_options(ctx, f.age, s.resolved().profile));
    if (!loaded) return core::fail(loaded.error());
    auto findings = workflow::check_loaded_snapshot(*loaded, true, workflow::CheckDepth::structure);
    if (const core::Finding* bad = workflow::first_error(findings)) {
        return core::fail(core::Errc::input,
                          "checking " + core::quote(f.file) +
                              ": not a usable snapshot: " + bad->code + ": " + bad->message,
                          bad->code);
    }
    auto plain = loaded->reader.raw_bytes();
    if (!plain) return core::fail(plain.error());
    ProgressBar bar(ctx, "upload " + name);
    auto uploaded = s.client().upload_snapshot_bytes(std::move(*plain), name, bar.callback());
    bar.finish();
    return uploaded;
}

void run_upload(Context& ctx, RemoteSession& s, const UploadFlags& f)
{
    const std::string& file = f.file;
    fs::path path = file;
    const bool encrypted = workflow::has_encrypted_name(path);
    auto name = workflow::plain_file_name(path);
    auto t = metadata::parse_snapshot_name(name);
    if (!t || metadata::snapshot_file_name(*t) != name) {
        return void(report_error(
            ctx, {core::Errc::input,
                  "the server names a snapshot after its file: rename " + core::quote(name) +
                      " to sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (its local time; .zip.age "
                      "when encrypted)",
                  "bad-file-name"}));
    }
    auto rec = [&]() -> core::Result<metadata::SnapshotRecord> {
        if (encrypted) return upload_encrypted(ctx, s, f, name);
        auto checked =
            check_archive(path, workflow::SidecarCheck::yes, workflow::CheckDepth::structure);
        if (!checked)
            return core::fail(checked.error().with_context("checking " + core::quote(file)));
        ProgressBar bar(ctx, "upload " + name);
        auto uploaded = s.client().upload_snapshot(path, bar.callback());
        bar.finish();
        return uploaded;
    }();
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
    add_encrypt_flags(*download, dl->age);

    auto up = std::make_shared<UploadFlags>();
    auto* upload = add_remote_leaf(
        remote, ctx, parent, "upload",
        "Upload an archive (multipart/form-data, streamed), then confirm the server lists it as "
        "readable",
        [&ctx, up](RemoteSession& s) { run_upload(ctx, s, *up); });
    upload
        ->add_option("ARCHIVE", up->file,
                     "sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (or .zip.age with --identity) to upload")
        ->required();
    add_identity_flags(*upload, up->age);
}

}  // namespace ssosnap::cli
