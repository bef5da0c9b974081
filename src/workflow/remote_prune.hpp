#pragma once
// remote prune: prune's retention rules (apply_policy, the one implementation) over the
// snapshots a server lists. Three things prune does not need:
// - snapshots ssosnap did not make (made_by_ssosnap() of their description: the vendor's
//   "Backup before upgrade ...", an admin's own) are never touched unless IncludeForeign::yes;
//   they are not counted by the rules either;
// - the newest safety snapshot is always kept, even with IncludeProtected::yes: it is what a
//   rollback of the last restore needs;
// - a server without the (assumed) delete endpoint answers 404, 405 or 501: the run stops
//   there, says so once, and leaves the rest.

#include "core/finding.hpp"
#include "core/result.hpp"
#include "metadata/snapshot.hpp"
#include "rest/client.hpp"
#include "workflow/prune.hpp"

#include <optional>
#include <vector>

namespace ssosnap::workflow
{

enum class IncludeForeign { no, yes };

struct RemotePruneOptions {
    RetentionPolicy policy;
    IncludeProtected include_protected = IncludeProtected::no;
    IncludeForeign include_foreign = IncludeForeign::no;
    DryRun dry_run = DryRun::no;
};

/// One listed snapshot with its verdict.
struct PrunedSnapshot {
    metadata::SnapshotRecord record;
    Protection protection = Protection::none;
    bool made_by_ssosnap = false;
    Verdict verdict;       ///< keep reasons: the rules', "not made by ssosnap", "newest safety"
    bool removed = false;  ///< false in a dry run, and when the delete failed or was not tried
};

struct RemotePruneReport {
    std::vector<PrunedSnapshot> snapshots;  ///< newest first
    /// A delete that failed (error "delete-failed"); undatable snapshots (warning, kept).
    std::vector<core::Finding> findings;
    /// The server has no delete endpoint (id "no-delete"): nothing after it was tried.
    std::optional<core::Error> no_delete;
};

/// Id of the keep reason of the newest safety snapshot.
inline constexpr const char k_newest_safety_reason[] = "newest safety snapshot";
/// Id of the keep reason of a snapshot ssosnap did not make.
inline constexpr const char k_foreign_reason[] = "not made by ssosnap";

/// Lists the server's snapshots, applies `options` and, unless a dry run, deletes the
/// snapshots not kept, oldest first. Fails with Errc::usage when the policy keeps nothing, or
/// as list_snapshots() fails; delete failures are in the report.
core::Result<RemotePruneReport> prune_server(rest::KantegaClient& client,
                                             const RemotePruneOptions& options);

}  // namespace ssosnap::workflow
