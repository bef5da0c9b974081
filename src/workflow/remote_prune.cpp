#include "workflow/remote_prune.hpp"

#include "workflow/descriptions.hpp"

#include <algorithm>

namespace ssosnap::workflow
{
namespace
{

bool newer(const PrunedSnapshot& a, const PrunedSnapshot& b)
{
    const auto ta = a.record.meta.time_millis.value_or(-1);
    const auto tb = b.record.meta.time_millis.value_or(-1);
    return ta != tb ? ta > tb : a.record.id > b.record.id;
}

// The snapshots, newest first, each classified.
std::vector<PrunedSnapshot> classify(const std::vector<metadata::SnapshotRecord>& list)
{
    std::vector<PrunedSnapshot> out;
    for (const auto& record : list) {
        PrunedSnapshot s;
        s.record = record;
        s.protection = protection_of(record.meta.description);
        s.made_by_ssosnap = made_by_ssosnap(record.meta.description);
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), newer);
    return out;
}

// Keeps, outside the rules, what remote prune never removes: the newest safety snapshot and,
// unless asked, what ssosnap did not make. Returns the indexes left to the rules.
std::vector<std::size_t> set_aside(std::vector<PrunedSnapshot>& snapshots,
                                   IncludeForeign include_foreign)
{
    std::vector<std::size_t> ruled;
    bool newest_safety_seen = false;
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
        auto& s = snapshots[i];
        if (s.protection == Protection::safety_snapshot && s.made_by_ssosnap &&
            !newest_safety_seen) {
            newest_safety_seen = true;
            s.verdict = {.keep = true, .reasons = {k_newest_safety_reason}};
        } else if (!s.made_by_ssosnap && include_foreign == IncludeForeign::no) {
            s.verdict = {.keep = true, .reasons = {k_foreign_reason}};
        } else {
            ruled.push_back(i);
        }
    }
    return ruled;
}

void delete_unkept(rest::KantegaClient& client, RemotePruneReport& report)
{
    // Oldest first: a run cut short leaves the newer ones.
    for (auto it = report.snapshots.rbegin(); it != report.snapshots.rend(); ++it) {
        if (it->verdict.keep) continue;
        auto done = client.delete_snapshot(it->record.id);
        if (done) {
            it->removed = true;
            continue;
        }
        const auto& e = done.error();
        if (rest::KantegaClient::is_missing_delete_endpoint(e)) {
            report.no_delete = core::Error{e.code, e.message, "no-delete"};
            return;
        }
        report.findings.push_back(
            {core::Severity::error, "delete-failed", it->record.id, e.message});
    }
}

}  // namespace

core::Result<RemotePruneReport> prune_server(rest::KantegaClient& client,
                                             const RemotePruneOptions& options)
{
    if (options.policy.empty() && !options.policy.rules_given) {
        return core::fail(core::Errc::usage,
                          "no --keep-* rule given: refusing to remove every snapshot", "usage");
    }
    auto list = client.list_snapshots();
    if (!list) return core::fail(list.error());
    RemotePruneReport report;
    report.snapshots = classify(*list);
    const auto ruled = set_aside(report.snapshots, options.include_foreign);
    std::vector<PruneItem> items;
    for (auto i : ruled) {
        const auto& s = report.snapshots[i];
        items.push_back({s.record.id, s.record.meta.time_millis, s.protection});
        if (!s.record.meta.time_millis) {
            report.findings.push_back({core::Severity::warning, "metadata-missing", s.record.id,
                                       "no timeMillis: cannot be dated (kept)"});
        }
    }
    auto verdicts = apply_policy(items, options.policy, options.include_protected);
    for (std::size_t k = 0; k < ruled.size(); ++k)
        report.snapshots[ruled[k]].verdict = std::move(verdicts[k]);
    if (options.dry_run == DryRun::no) delete_unkept(client, report);
    return report;
}

}  // namespace ssosnap::workflow
