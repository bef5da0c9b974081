// The file-system half of prune: list the folder, date each archive, remove the rest.
#include "workflow/prune.hpp"

#include "core/files.hpp"
#include "workflow/snapshot_file.hpp"

#include <algorithm>
#include <system_error>

namespace ssosnap::workflow
{
namespace
{

namespace fs = std::filesystem;

bool is_archive_name(const fs::path& p)
{
    auto name = p.filename().string();
    const bool archive = (name.size() > 4 && name.ends_with(".zip")) || has_encrypted_name(p);
    return archive && name[0] != '.' && !core::is_temp_name(name);
}

/// The sidecars that travel with `archive`: "<name>.zip.sha256" and "<name>.json"; for an
/// encrypted one "<name>.zip.age.sha256" and its sealed record "<name>.zip.age.json".
std::vector<fs::path> sidecars_of(const fs::path& archive)
{
    std::vector<fs::path> out;
    std::error_code ec;
    const fs::path record =
        has_encrypted_name(archive) ? sealed_sidecar_path(archive) : json_sidecar_path(archive);
    for (const auto& candidate : {sha256_sidecar_path(archive), record}) {
        if (fs::is_regular_file(fs::symlink_status(candidate, ec))) out.push_back(candidate);
    }
    return out;
}

/// Reads the archive's metadata (in the documented order, sidecar included). An unreadable
/// archive gives a warning and stays undated, so it is kept.
void date_archive(PrunedArchive& a, std::vector<core::Finding>& findings)
{
    std::optional<metadata::SnapshotMeta> meta;
    if (has_encrypted_name(a.archive)) {
        // Never decrypted: an encrypted archive is dated by its readable sidecar.
        auto sealed = load_sealed(a.archive, SidecarCheck::no);
        if (!sealed) {
            findings.push_back({core::Severity::warning, "unreadable",
                                a.archive.filename().string(), sealed.error().message + " (kept)"});
            return;
        }
        meta = sealed->sealed.meta;
    } else {
        auto loaded = load_snapshot(a.archive, {}, SidecarCheck::no);
        if (!loaded) {
            findings.push_back({core::Severity::warning, "unreadable",
                                a.archive.filename().string(), loaded.error().message + " (kept)"});
            return;
        }
        meta = loaded->located.meta;
    }
    if (!meta || !meta->time_millis) {
        findings.push_back({core::Severity::warning, "metadata-missing",
                            a.archive.filename().string(),
                            "no timeMillis: cannot be dated (kept)"});
        if (meta) a.description = meta->description;
        return;
    }
    a.time_millis = meta->time_millis;
    a.description = meta->description;
}

/// Removes the archive first (what matters), then its sidecars.
void remove_archive(PrunedArchive& a, std::vector<core::Finding>& findings)
{
    std::error_code ec;
    fs::remove(a.archive, ec);
    if (ec) {
        findings.push_back({core::Severity::error, "remove-failed", a.archive.filename().string(),
                            "cannot remove: " + ec.message()});
        return;
    }
    a.removed = true;
    for (const auto& s : a.sidecars) {
        fs::remove(s, ec);
        if (ec) {
            findings.push_back({core::Severity::error, "remove-failed", s.filename().string(),
                                "cannot remove sidecar: " + ec.message()});
        }
    }
}

core::Result<std::vector<PrunedArchive>> list_archives(const fs::path& dir)
{
    std::error_code ec;
    std::vector<PrunedArchive> out;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        return core::fail(core::Errc::input, "cannot list '" + dir.string() + "': " + ec.message(),
                          "unreadable");
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec) || it->is_symlink(ec) || !is_archive_name(it->path()))
            continue;
        PrunedArchive a;
        a.archive = it->path();
        a.sidecars = sidecars_of(a.archive);
        out.push_back(std::move(a));
    }
    if (ec) {
        return core::fail(core::Errc::input, "cannot list '" + dir.string() + "': " + ec.message(),
                          "unreadable");
    }
    return out;
}

}  // namespace

core::Result<PruneReport> prune_folder(const fs::path& dir, const PruneOptions& options)
{
    if (options.policy.empty() && !options.policy.rules_given) {
        return core::fail(core::Errc::usage,
                          "no --keep-* rule given: refusing to remove every archive", "usage");
    }
    auto archives = list_archives(dir);
    if (!archives) return core::fail(archives.error());
    PruneReport report;
    std::vector<PruneItem> items;
    for (auto& a : *archives) {
        date_archive(a, report.findings);
        a.protection = protection_of(a.description);
        items.push_back({a.archive.filename().string(), a.time_millis, a.protection});
    }
    auto verdicts = apply_policy(items, options.policy, options.include_protected);
    for (std::size_t i = 0; i < archives->size(); ++i)
        (*archives)[i].verdict = std::move(verdicts[i]);
    std::sort(archives->begin(), archives->end(), [](const auto& a, const auto& b) {
        auto ta = a.time_millis.value_or(-1);
        auto tb = b.time_millis.value_or(-1);
        return ta != tb ? ta > tb : a.archive.filename() > b.archive.filename();
    });
    for (auto& a : *archives) {
        if (!a.verdict.keep && options.dry_run == DryRun::no) remove_archive(a, report.findings);
    }
    report.archives = std::move(*archives);
    return report;
}

}  // namespace ssosnap::workflow
