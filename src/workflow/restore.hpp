#pragma once
// ssosnap restore, the eight steps of a safe restore (docs/cli.md, "restore"):
//   1 local check   the archive verifies and has metadata
//   2 safety        a safety snapshot on the server, found by its description; its metadata
//                   tells the live product, versions and base URL
//   3 gate          another product: always refused; another Kantega SSO version: refused
//                   unless forced; product version and base URL: warnings
//   4 plan          the safety snapshot (downloaded) diffed against the archive
//   5 confirm       the caller's decision (a terminal prompt, --yes, or refusal)
//   6 transfer      upload (an identical copy already there is reused) or a copy into the
//                   mounted kerberos_snapshots folder; then wait until it lists as readable
//   7 restore       by id
//   8 post-verify   a new snapshot, brought home and compared with the archive (metadata aside)
// Returns what happened as data, including on failure, so the CLI can say in what state the
// server is and how to roll back to the safety snapshot.
// The server is left tidy: a snapshot taken only to compare is deleted again (the check
// snapshot of step 8 once compared; the safety snapshot when the restore was never sent, so
// it only served the gate and the plan). A restore that goes ahead keeps its safety snapshot
// on the server and, unless told not to, a copy beside the archive (written at step 7, just
// before the restore is sent).
// `remote restore ID` (restore_listed) runs steps 2, 3, 5 and 7 on a snapshot already on the
// server: its listed record is the archive's side of the gate.

#include "core/finding.hpp"
#include "core/result.hpp"
#include "crypt/age.hpp"
#include "diff/redact.hpp"
#include "diff/report.hpp"
#include "metadata/snapshot.hpp"
#include "rest/client.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

enum class RestoreStep {
    local_check,
    safety_snapshot,
    gate,
    plan,
    confirm,
    transfer,
    restore,
    post_verify,
    done
};

/// Returns "local-check", "safety-snapshot", "gate", "plan", "confirm", "transfer",
/// "restore", "post-verify" or "done".
const char* step_name(RestoreStep step);

enum class RestoreResult {
    planned,   ///< --plan: stopped after the plan
    refused,   ///< a gate, the confirmation or a taken id said no (exit 6)
    verified,  ///< restored, and the live config equals the archive
    differs,   ///< restored, but the live config differs from the archive (exit 1)
    restored,  ///< restore_listed: restored (there is no archive to verify against)
    failed     ///< an error; see RestoreOutcome::error and ::step
};

/// Returns "planned", "refused", "verified", "differs", "restored" or "failed".
const char* result_name(RestoreResult result);

/// Whether a gate lets a Kantega SSO version difference, or unknown facts, through.
enum class Force { no, yes };

/// Error ids of the gate's refusals (besides metadata::k_app_mismatch and
/// metadata::k_plugin_version_mismatch).
inline constexpr const char k_facts_unknown[] = "facts-unknown";

struct GateVerdict {
    std::vector<core::Finding> findings;  ///< validate's findings worth showing, and ours
    /// Errc::refused: "app-mismatch" (another product; Force does not change that),
    /// "facts-unknown" (a product or Kantega SSO version is empty on either side; the message
    /// names which) or "plugin-version-mismatch", the last two only without Force::yes.
    std::optional<core::Error> refusal;
};

/// Step 3 on its own: can a snapshot described by `snapshot` go onto a server whose live
/// config is described by `live`? Fails only as metadata::validate_snapshot does.
core::Result<GateVerdict> check_gate(const metadata::SnapshotMeta& snapshot,
                                     const metadata::SnapshotMeta& live, Force force);

struct RestoreOutcome;

/// The three transfers of a restore, for progress bars.
enum class Transfer {
    safety_download,  ///< step 4: the safety snapshot brought home for the plan
    upload,           ///< step 6: the archive sent to the server
    check_download    ///< step 8: the post-restore snapshot brought home
};

/// What restore() tells its caller while it runs (the CLI narrates on a terminal). Each
/// method does nothing unless overridden; none may throw.
class RestoreObserver
{
public:
    virtual ~RestoreObserver() = default;
    /// Step `step` begins; `so_far` holds what the steps before it found.
    virtual void step_begins(RestoreStep step, const RestoreOutcome& so_far);
    /// A transfer of snapshot `id` begins; returns its progress callback (empty: none).
    virtual rest::ProgressFn transfer_begins(Transfer transfer, const std::string& id);
    /// Snapshot `id`, taken only to compare, is about to be deleted from the server.
    virtual void removing(const std::string& id);
};

/// Whether a confirmed restore keeps a copy of its safety snapshot beside the archive.
enum class KeepSafetyCopy { no, yes };

struct RestoreRequest {
    std::filesystem::path archive{};
    std::filesystem::path work_dir{};  ///< private folder for the safety/post snapshots
    bool plan_only = false;
    bool force = false;  ///< allow a Kantega SSO version mismatch (never another product)
    /// The server's mounted kerberos_snapshots folder: the archive is copied there instead of
    /// uploaded, and server snapshots are read from there when the server cannot send them.
    std::optional<std::filesystem::path> drop_dir{};
    std::int64_t now_millis = 0;
    /// Asked at step 5 with the plan; returns true to go on. Unset: refuse.
    std::function<bool(const diff::DiffReport& plan)> confirm{};
    std::chrono::milliseconds wait_timeout{60000};  ///< step 6: until listed as readable
    std::chrono::milliseconds poll_interval{500};
    diff::Redactor redactor;  ///< the plan's and post-check's redaction (the user's key)
    /// Step 7, before the restore is sent: the safety snapshot's copy goes beside the archive
    /// (atomic, 0600, with its .sha256); a failure to write it stops the restore before
    /// anything changes. Not for an encrypted archive: the copy would be plaintext (the
    /// safety snapshot stays on the server).
    KeepSafetyCopy keep_safety_copy = KeepSafetyCopy::yes;
    RestoreObserver* observer = nullptr;  ///< may be null
    /// Identities for an encrypted archive ("NAME.zip.age"). Its plaintext stays in memory:
    /// uploaded from there, and the server's safety and post-restore snapshots are then kept
    /// in memory too, so no plaintext zip is written anywhere but the server.
    crypt::AgeOptions age{};
};

struct RestoreOutcome {
    RestoreResult result = RestoreResult::failed;
    RestoreStep step = RestoreStep::local_check;  ///< the step reached (or that failed)
    std::optional<core::Error> error;
    std::string archive_id;  ///< the archive's file name without .zip
    std::optional<metadata::SnapshotMeta> archive_meta;
    std::vector<core::Finding> findings;               ///< local check warnings and gate findings
    std::optional<metadata::SnapshotRecord> safety;    ///< step 2's snapshot, once it exists
    std::optional<std::filesystem::path> safety_path;  ///< its local copy
    std::optional<diff::DiffReport> plan;              ///< safety snapshot → archive
    bool reused_existing = false;                  ///< step 6 found an identical copy on the server
    bool restore_called = false;                   ///< step 7 was sent (it may have failed after)
    std::optional<metadata::SnapshotRecord> post;  ///< step 8's snapshot
    std::optional<diff::DiffReport> post_diff;     ///< archive → post-restore config
    std::optional<std::filesystem::path> safety_copy;  ///< the copy kept beside the archive
    /// Snapshots taken only to compare and deleted again (the check snapshot; the safety
    /// snapshot when the restore was never sent).
    std::vector<std::string> removed;
    /// Such snapshots the server did not delete, and why (the first failure: a server without
    /// the delete endpoint answers 404, 405 or 501, and no further delete is tried).
    std::vector<std::string> left;
    std::optional<core::Error> cleanup_error;

    /// Returns true when the safety snapshot is still on the server.
    bool safety_on_server() const;

    /// Returns a sentence saying what state the live config is in after this outcome.
    std::string server_state() const;
};

/// Runs the steps against the server behind `client`. Never throws; every failure is in the
/// outcome (RestoreResult::failed or ::refused, with error and step). With plan_only, a gate
/// refusal still lets the plan be made: the outcome is ::refused at step gate, plan set (a
/// plan that then fails adds a "plan-failed" warning).
RestoreOutcome restore(rest::KantegaClient& client, const RestoreRequest& request);

struct RestoreListedRequest {
    std::string id{};  ///< a snapshot the server lists
    Force force = Force::no;
    std::int64_t now_millis = 0;
    /// Asked at step 5 (there is no plan: the argument is empty); unset: refuse.
    std::function<bool(const diff::DiffReport& plan)> confirm{};
    RestoreObserver* observer = nullptr;  ///< may be null (no plan, no transfers)
};

/// `remote restore ID`: finds ID in the server's list (step 1: it must be listed and
/// readable), takes a safety snapshot whose record tells the live facts (2), gates the
/// listed record against them (3), confirms (5) and restores (7). RestoreResult::restored
/// on success; failures as restore(). A safety snapshot of a restore never sent is deleted
/// again, as restore() does.
RestoreOutcome restore_listed(rest::KantegaClient& client, const RestoreListedRequest& request);

}  // namespace ssosnap::workflow
