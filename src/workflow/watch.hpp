#pragma once
// ssosnap watch: has the SSO configuration drifted from a baseline? One run takes a snapshot
// on the server (or takes the newest archive of a local folder), compares it with the
// baseline (a pinned archive, or the newest archive of a folder) with diff::compare and its
// redaction, and classifies every change (diff/risk.hpp). A server snapshot taken only to
// compare is deleted again when nothing changed; when something changed it is kept on the
// server and downloaded beside the baseline as evidence (NAME.zip.age when recipients are
// given: the server snapshot is held in memory until then, so no plaintext reaches the disk).
// Returns data; the CLI renders, notifies and writes metrics.

#include "archive/limits.hpp"
#include "core/lock_file.hpp"
#include "core/result.hpp"
#include "crypt/age.hpp"
#include "diff/redact.hpp"
#include "diff/report.hpp"
#include "diff/risk.hpp"
#include "metadata/snapshot.hpp"
#include "rest/client.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

/// Returns the newest archive of `location`: the file itself, or the *.zip or *.zip.age of a
/// folder whose name (without ".age") follows the snapshot grammar with the latest time in
/// its name. Fails with Errc::input ("no-archive") when there is none.
core::Result<std::filesystem::path> newest_archive(const std::filesystem::path& location);

/// The lock file of a baseline: "DIR/.ssosnap-watch.lock" for a folder,
/// "DIR/.NAME.ssosnap-watch.lock" for an archive DIR/NAME.
std::filesystem::path watch_lock_path(const std::filesystem::path& baseline);

/// Takes the baseline's lock (core::LockFile): Errc::refused, id "locked", while another run
/// holds it.
core::Result<core::LockFile> lock_baseline(const std::filesystem::path& baseline);

/// What happened to the server snapshot taken for the comparison.
enum class ServerCleanup {
    none,         ///< no server snapshot (--from)
    deleted,      ///< nothing changed: deleted again
    kept,         ///< something changed: kept on the server as evidence
    no_endpoint,  ///< nothing changed, but the server has no delete endpoint (404/405/501)
    failed,       ///< nothing changed, the delete failed otherwise (message in cleanup_error)
};

/// Returns "none", "deleted", "kept", "no-delete-endpoint" or "delete-failed".
const char* server_cleanup_name(ServerCleanup cleanup);

struct WatchRequest {
    std::filesystem::path baseline;  ///< an archive, or a folder (its newest archive)
    /// Compare the newest archive of this file or folder instead of asking the server.
    std::optional<std::filesystem::path> from;
    std::string description = "ssosnap watch";  ///< the server snapshot's (a stamp is added)
    /// The server's mounted kerberos_snapshots folder, when it has no download endpoint.
    std::optional<std::filesystem::path> snapshots_dir;
    std::int64_t now_millis = 0;  // epoch ms, UTC: for the unique stamp
    /// Identities read an encrypted baseline or --from archive; recipients encrypt the
    /// evidence to NAME.zip.age (with its .sha256 and readable .zip.age.json record).
    crypt::AgeOptions age;
    diff::Redactor redactor;
    archive::Limits limits;
};

struct WatchResult {
    std::filesystem::path baseline;  ///< the archive compared against
    std::string current_label;       ///< the compared snapshot's file name
    std::string snapshot_id;         ///< the server snapshot (empty with --from)
    /// Where the drifted snapshot was kept locally (NAME.zip, or NAME.zip.age), or empty.
    std::filesystem::path evidence;
    std::uint64_t bytes = 0;                     ///< size of the compared snapshot
    std::optional<metadata::SnapshotMeta> meta;  ///< of the compared snapshot
    diff::DiffReport report;                     ///< secrets redacted
    std::vector<diff::RiskChange> changes;       ///< classified, in report order
    ServerCleanup cleanup = ServerCleanup::none;
    std::string cleanup_error;  ///< why the delete failed (ServerCleanup::failed)
};

/// One watch run. `client` may be null with request.from. The caller holds the baseline's
/// lock. Fails with the failing step's error (baseline or current snapshot unreadable:
/// Errc::input; server: Errc::remote / Errc::auth). A baseline whose .sha256 sidecar does
/// not match fails with Errc::input, id "baseline-mismatch": a tampered baseline proves
/// nothing. An encrypted baseline without an identity fails with Errc::input, id
/// "age-no-identity"; an encrypted baseline with no recipients for the evidence fails with
/// Errc::usage, id "plaintext-evidence", before a server snapshot is taken: evidence would
/// otherwise lie in plaintext beside encrypted backups.
core::Result<WatchResult> watch_once(rest::KantegaClient* client, const WatchRequest& request);

}  // namespace ssosnap::workflow
