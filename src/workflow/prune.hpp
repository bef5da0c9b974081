#pragma once
// prune: restic-forget retention over a folder of snapshot archives. Archives are ordered
// by their metadata timeMillis, newest first; each --keep-* rule keeps the newest archive
// of each of its N most recent buckets (hour, day, ISO week, month, year, in UTC), and
// --keep-last keeps the N newest. Protected snapshots (ssosnap safety snapshots, the
// vendor's "Backup before upgrade ..." snapshots) and archives that cannot be dated are
// always kept. Sidecars (<name>.zip.sha256, <name>.json) go with their archive.

#include "core/finding.hpp"
#include "core/result.hpp"
#include "workflow/descriptions.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

/// How many archives each rule keeps; 0 turns a rule off.
struct RetentionPolicy {
    int last = 0;
    int hourly = 0;
    int daily = 0;
    int weekly = 0;
    int monthly = 0;
    int yearly = 0;
    /// A rule was given, if only as 0 (`--keep-last 0`: keep none by that rule). prune_folder
    /// refuses a policy without any rule, but not one whose rules are all 0.
    bool rules_given = false;
    /// Returns true when no rule keeps anything (pruning would remove every archive).
    bool empty() const;
};

enum class IncludeProtected { no, yes };
enum class DryRun { no, yes };

/// One archive as the policy sees it.
struct PruneItem {
    std::string name;                         ///< tie-breaker for equal times
    std::optional<std::int64_t> time_millis;  // epoch ms, UTC; absent = cannot be dated
    Protection protection = Protection::none;
};

/// The policy's answer for one item: keep (with every reason) or remove.
struct Verdict {
    bool keep = false;
    std::vector<std::string> reasons;  ///< "last 1", "daily 2024-05-03", "weekly 2024-W18", ...
};

/// Applies `policy` to `items`; returns one verdict per item, in the same order. Pure.
std::vector<Verdict> apply_policy(const std::vector<PruneItem>& items,
                                  const RetentionPolicy& policy,
                                  IncludeProtected include_protected);

struct PruneOptions {
    RetentionPolicy policy;
    IncludeProtected include_protected = IncludeProtected::no;
    DryRun dry_run = DryRun::no;
};

/// One archive of the folder with its sidecars and verdict.
struct PrunedArchive {
    std::filesystem::path archive;
    std::vector<std::filesystem::path> sidecars;  ///< existing .sha256 / .json sidecars
    std::optional<std::int64_t> time_millis;      // epoch ms, UTC
    std::string description;
    Protection protection = Protection::none;
    Verdict verdict;
    bool removed = false;  ///< false in a dry run or when removal failed
};

struct PruneReport {
    std::vector<PrunedArchive> archives;  ///< newest first
    /// unreadable archives (warning, kept) and failed removals (error "remove-failed").
    std::vector<core::Finding> findings;
};

/// Applies the policy to every *.zip in `dir` (not recursive) and, unless dry_run, removes
/// the archives it does not keep together with their sidecars. Fails with Errc::usage when
/// the policy keeps nothing, Errc::input when `dir` cannot be listed.
core::Result<PruneReport> prune_folder(const std::filesystem::path& dir,
                                       const PruneOptions& options);

}  // namespace ssosnap::workflow
