#include "workflow/backup.hpp"

#include "core/strings.hpp"
#include "workflow/descriptions.hpp"
#include "workflow/fetch.hpp"

#include <system_error>

namespace ssosnap::workflow
{

namespace fs = std::filesystem;

core::Result<BackupResult> backup(rest::KantegaClient& client, const BackupRequest& request)
{
    std::error_code ec;
    if (!fs::is_directory(request.to_dir, ec)) {
        return core::fail(core::Errc::input,
                          "--to " + core::quote(request.to_dir.string()) + " is not a folder",
                          "input");
    }
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

}  // namespace ssosnap::workflow
