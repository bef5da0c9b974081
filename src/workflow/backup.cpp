#include "workflow/backup.hpp"

#include "core/strings.hpp"
#include "workflow/descriptions.hpp"
#include "workflow/fetch.hpp"

#include <system_error>
#include <vector>

namespace ssosnap::workflow
{

namespace fs = std::filesystem;

namespace
{

/// The folders of `dir` that do not exist yet, deepest first.
std::vector<fs::path> missing_folders(const fs::path& dir)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::path p = dir; !p.empty() && !fs::exists(fs::symlink_status(p, ec));
         p = p.parent_path()) {
        out.push_back(p);
        if (p == p.parent_path()) break;
    }
    return out;
}

/// Removes the folders backup created for a backup that failed, if they are still empty:
/// a failed backup leaves no empty TO_DIR behind.
void remove_if_empty(const std::vector<fs::path>& created)
{
    std::error_code ec;
    for (const auto& p : created) {
        if (!fs::is_empty(p, ec) || !fs::remove(p, ec)) return;
    }
}

core::Result<BackupResult> backup_into(rest::KantegaClient& client, const BackupRequest& request)
{
    BackupResult out;
    auto ping = client.ping();
    if (!ping) return core::fail(ping.error().with_context("backup: ping"));
    out.ping = *ping;

    const auto description =
        backup_description(request.description, unique_stamp(request.now_millis));
    auto record = client.create_snapshot(description);
    if (!record) return core::fail(record.error().with_context("backup: creating a snapshot"));
    out.record = *record;

    FetchOptions fetch;
    fetch.snapshots_dir = request.from_dir;
    fetch.progress = request.progress;
    fetch.encrypt = request.encrypt;
    const bool sealed = crypt::encrypts(request.encrypt);
    const fs::path target = request.to_dir / (record->id + (sealed ? ".zip.age" : ".zip"));
    auto got = fetch_snapshot(client, record->id, target, fetch);
    if (!got) {
        return core::fail(got.error().with_context("backup: snapshot " + core::quote(record->id) +
                                                   " was created on the server, but bringing it "
                                                   "home failed"));
    }
    out.path = got->path;
    out.sha256 = got->sha256;
    out.bytes = got->bytes;
    out.copied = got->copied;
    out.findings = std::move(got->findings);
    return out;
}

}  // namespace

core::Result<BackupResult> backup(rest::KantegaClient& client, const BackupRequest& request)
{
    const auto created = missing_folders(request.to_dir);
    std::error_code ec;
    if (!created.empty()) fs::create_directories(request.to_dir, ec);
    if (ec || !fs::is_directory(request.to_dir, ec)) {
        remove_if_empty(created);
        return core::fail(core::Errc::input,
                          "--to " + core::quote(request.to_dir.string()) +
                              (ec ? " cannot be created: " + ec.message() : " is not a folder"),
                          "input");
    }
    auto done = backup_into(client, request);
    if (!done) remove_if_empty(created);
    return done;
}

}  // namespace ssosnap::workflow
