#include "workflow/watch.hpp"

#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "diff/compare.hpp"
#include "diff/snapshot.hpp"
#include "metadata/file_name.hpp"
#include "workflow/descriptions.hpp"
#include "workflow/fetch.hpp"
#include "workflow/snapshot_file.hpp"

#include <system_error>

namespace ssosnap::workflow
{

namespace fs = std::filesystem;

namespace
{

fs::path baseline_folder(const fs::path& baseline)
{
    std::error_code ec;
    if (fs::is_directory(baseline, ec)) return baseline;
    return baseline.has_parent_path() ? baseline.parent_path() : fs::path(".");
}

// The checks both sides pass: a matching .sha256 sidecar (when there is one) and the total
// size diff accepts.
core::Result<void> check_side(const LoadedSnapshot& loaded, const char* side)
{
    if (loaded.sha256 == SidecarState::mismatch) {
        return core::fail(core::Errc::input,
                          std::string("watch: ") + side + " " + core::quote(loaded.path.string()) +
                              " does not match its .sha256 sidecar: it was changed after it "
                              "was written",
                          std::string(side) + "-mismatch");
    }
    if (auto within = diff::check_total_size(loaded.reader); !within) {
        return core::fail(within.error().with_context(std::string("watch: ") + side + " " +
                                                      core::quote(loaded.path.string())));
    }
    return {};
}

core::Result<LoadedSnapshot> load_side(const fs::path& path, const WatchRequest& request,
                                       const char* side)
{
    auto loaded = load_snapshot(path, request.limits, SidecarCheck::yes, request.age);
    if (!loaded) return core::fail(loaded.error().with_context(std::string("watch: ") + side));
    SSOSNAP_TRY(check_side(*loaded, side));
    return loaded;
}

ServerCleanup delete_quietly(rest::KantegaClient& client, const std::string& id, std::string& why)
{
    auto gone = client.delete_snapshot(id);
    if (gone) return ServerCleanup::deleted;
    const auto& e = gone.error();
    if (rest::KantegaClient::is_missing_delete_endpoint(e)) return ServerCleanup::no_endpoint;
    why = e.message;
    return ServerCleanup::failed;
}

// Takes a snapshot on the server and brings it into memory (checked as a download is): it
// reaches the disk only as evidence, encrypted when recipients are given.
core::Result<LoadedSnapshot> take_snapshot(rest::KantegaClient& client, const WatchRequest& request,
                                           std::string& id)
{
    const auto description =
        backup_description(request.description, unique_stamp(request.now_millis));
    auto record = client.create_snapshot(description);
    if (!record) return core::fail(record.error().with_context("watch: creating a snapshot"));
    id = record->id;
    FetchOptions fetch;
    fetch.snapshots_dir = request.snapshots_dir;
    auto got = fetch_snapshot_memory(client, id, fetch);
    if (!got) {
        return core::fail(got.error().with_context("watch: snapshot " + core::quote(id) +
                                                   " was created on the server, but bringing it "
                                                   "home failed"));
    }
    SSOSNAP_TRY(check_side(got->loaded, "current snapshot"));
    return std::move(got->loaded);
}

// Keeps the drifted snapshot beside the baseline: NAME.zip.age with its .sha256 and sealed
// record when encrypting (as backup --encrypt-to writes it), else NAME.zip and its .sha256;
// each written atomically, never over an existing file.
core::Result<fs::path> keep_evidence(const LoadedSnapshot& current, const fs::path& folder,
                                     const std::string& id, const crypt::AgeOptions& age)
{
    auto plain = current.reader.raw_bytes();
    if (!plain) return core::fail(plain.error().with_context("watch: keeping the evidence"));
    if (crypt::encrypts(age)) {
        auto sealed = write_encrypted_snapshot(age, *plain, current, folder / (id + ".zip.age"));
        if (!sealed) return core::fail(sealed.error().with_context("watch: keeping the evidence"));
        return sealed->path;
    }
    const auto to = folder / (id + ".zip");
    auto written = core::write_file_atomic(to, *plain, core::FileMode::secret, core::Overwrite::no);
    if (written) {
        written = write_sha256_sidecar(to, core::sha256_hex(*plain));
        std::error_code ec;
        if (!written) fs::remove(to, ec);  // no evidence without its sidecar, as backup does
    }
    if (!written) return core::fail(written.error().with_context("watch: keeping the evidence"));
    return to;
}

// Evidence in plaintext beside encrypted backups would undo their encryption: refused before
// anything is taken from the server.
core::Result<void> check_evidence_encryption(const LoadedSnapshot& baseline,
                                             const WatchRequest& request)
{
    if (request.from || !baseline.encrypted || crypt::encrypts(request.age)) return {};
    return core::fail(core::Errc::usage,
                      "watch: baseline " + core::quote(baseline.path.string()) +
                          " is encrypted, but no recipient is given for the evidence: pass "
                          "--encrypt-to RECIPIENT or --recipients-file FILE as for backup",
                      "plaintext-evidence");
}

}  // namespace

const char* server_cleanup_name(ServerCleanup cleanup)
{
    switch (cleanup) {
    case ServerCleanup::none:
        return "none";
    case ServerCleanup::deleted:
        return "deleted";
    case ServerCleanup::kept:
        return "kept";
    case ServerCleanup::no_endpoint:
        return "no-delete-endpoint";
    case ServerCleanup::failed:
        return "delete-failed";
    }
    return "none";
}

core::Result<fs::path> newest_archive(const fs::path& location)
{
    std::error_code ec;
    if (fs::is_regular_file(location, ec)) return location;
    if (!fs::is_directory(location, ec)) {
        return core::fail(core::Errc::input,
                          core::quote(location.string()) + " is neither an archive nor a folder",
                          "no-archive");
    }
    fs::path best;
    std::string best_key;
    for (const auto& e : fs::directory_iterator(location, ec)) {
        // NAME.zip and NAME.zip.age sort by NAME.zip.
        const auto name = plain_file_name(e.path());
        const bool archive = e.path().extension() == ".zip" || has_encrypted_name(e.path());
        if (!e.is_regular_file(ec) || !archive) continue;
        if (!metadata::parse_snapshot_name(name)) continue;
        // The grammar's fields are zero-padded, largest first: name order is time order.
        if (best.empty() || name > best_key) {
            best = e.path();
            best_key = name;
        }
    }
    if (ec) {
        return core::fail(core::Errc::input,
                          "cannot list " + core::quote(location.string()) + ": " + ec.message(),
                          "no-archive");
    }
    if (best.empty()) {
        return core::fail(core::Errc::input,
                          "no snapshot archive (sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip[.age]) in " +
                              core::quote(location.string()) +
                              ": take a first one with 'ssosnap backup --to DIR'",
                          "no-archive");
    }
    return best;
}

fs::path watch_lock_path(const fs::path& baseline)
{
    std::error_code ec;
    if (fs::is_directory(baseline, ec)) return baseline / ".ssosnap-watch.lock";
    return baseline_folder(baseline) / ("." + baseline.filename().string() + ".ssosnap-watch.lock");
}

core::Result<core::LockFile> lock_baseline(const fs::path& baseline)
{
    auto lock = core::LockFile::acquire(watch_lock_path(baseline));
    if (!lock) {
        return core::fail(
            lock.error().with_context("watch: baseline " + core::quote(baseline.string())));
    }
    return lock;
}

core::Result<WatchResult> watch_once(rest::KantegaClient* client, const WatchRequest& request)
{
    WatchResult out;
    auto base_path = newest_archive(request.baseline);
    if (!base_path) return core::fail(base_path.error().with_context("watch: baseline"));
    out.baseline = *base_path;
    auto base = load_side(out.baseline, request, "baseline");
    if (!base) return core::fail(base.error());
    SSOSNAP_TRY(check_evidence_encryption(*base, request));

    std::optional<LoadedSnapshot> current;
    if (request.from) {
        auto from = newest_archive(*request.from);
        if (!from) return core::fail(from.error().with_context("watch: --from"));
        auto loaded = load_side(*from, request, "current snapshot");
        if (!loaded) return core::fail(loaded.error());
        current.emplace(std::move(*loaded));
        out.current_label = from->filename().string();
    } else {
        if (client == nullptr)
            return core::fail(core::Errc::internal, "watch: no server and no --from", "internal");
        auto got = take_snapshot(*client, request, out.snapshot_id);
        if (!got) return core::fail(got.error());
        current.emplace(std::move(*got));
        out.current_label = out.snapshot_id + ".zip";
    }
    out.bytes = current->reader.archive_size();
    out.meta = current->located.meta;

    diff::CompareOptions options;
    options.redactor = request.redactor;
    auto old_side =
        diff::snapshot_of(base->reader, base->located, out.baseline.filename().string());
    auto new_side = diff::snapshot_of(current->reader, current->located, out.current_label);
    auto report = diff::compare(old_side, new_side, options);
    if (!report) return core::fail(report.error().with_context("watch: comparing"));
    out.report = std::move(*report);
    out.changes = diff::classify(out.report);

    if (out.snapshot_id.empty()) return out;
    if (out.report.differs()) {
        auto kept = keep_evidence(*current, baseline_folder(request.baseline), out.snapshot_id,
                                  request.age);
        if (!kept) return core::fail(kept.error());
        out.evidence = *kept;
        out.cleanup = ServerCleanup::kept;
    } else {
        out.cleanup = delete_quietly(*client, out.snapshot_id, out.cleanup_error);
    }
    return out;
}

}  // namespace ssosnap::workflow
