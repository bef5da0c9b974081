#pragma once
// Can this snapshot go onto that server? A pure function from a snapshot's metadata, its
// file-name time and a target (flags, another archive's metadata, later a live server) to
// findings and a verdict. Codes (documented in docs/cli.md, `validate`):
//   error    app-mismatch             product differs (case-insensitive)
//   error    plugin-version-mismatch  Kantega app version differs (older / newer)
//   warning  app-version-differs      product version differs (older / newer)
//   warning  base-url-differs         base URL differs; one more per entry holding the old URL
//   warning  time-name-mismatch       file-name time does not fit timeMillis
//   warning  metadata-missing         no metadata, or a field a gate needs is empty
//   info     upgrade-backup           the vendor's "Backup before upgrade ..." snapshot
// plus whatever the caller found before (verify's lint and loading findings).

#include "core/finding.hpp"
#include "core/result.hpp"
#include "metadata/file_name.hpp"
#include "metadata/snapshot.hpp"
#include "metadata/time_check.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::metadata
{

/// The stable finding codes above, for callers that act on one (restore's gate).
inline constexpr const char k_app_mismatch[] = "app-mismatch";
inline constexpr const char k_plugin_version_mismatch[] = "plugin-version-mismatch";
inline constexpr const char k_app_version_differs[] = "app-version-differs";
inline constexpr const char k_base_url_differs[] = "base-url-differs";
inline constexpr const char k_time_name_mismatch[] = "time-name-mismatch";
inline constexpr const char k_metadata_missing[] = "metadata-missing";
inline constexpr const char k_upgrade_backup[] = "upgrade-backup";

/// What a snapshot is checked against; an absent field is not checked.
struct Target {
    std::optional<std::string> app;  ///< applicationName, compared case-insensitively
    std::optional<std::string> app_version;
    std::optional<std::string> plugin_version;
    std::optional<std::string> base_url;
};

/// Returns a target made of another snapshot's metadata (empty fields stay unchecked).
Target target_from(const SnapshotMeta& meta);

/// Returns true when no field of `target` is set.
bool is_empty(const Target& target);

enum class Verdict { compatible, compatible_with_warnings, incompatible };

/// Returns "compatible", "compatible-with-warnings" or "incompatible".
const char* verdict_name(Verdict verdict);

/// Whether warnings fail validation too (--strict).
enum class Strict { no, yes };

/// The vendor's automatic snapshot "Backup before upgrade of config from version X to Y".
struct UpgradeBackup {
    std::string from_version;  ///< may be "[unknown version]"
    std::string to_version;
    bool from_unknown = false;  ///< X was the literal "[unknown version]"
};

/// Parses an upgrade-backup description (prefix matched case-insensitively); nullopt when the
/// description is anything else.
std::optional<UpgradeBackup> parse_upgrade_description(std::string_view description);

struct ValidateInput {
    std::optional<SnapshotMeta> meta;   ///< nullopt when the archive has no usable metadata
    std::optional<NameTime> name_time;  ///< nullopt when the file name breaks the grammar
    Target target;
    std::optional<std::string> zone;  ///< IANA zone of the server, for the name-time check
    /// Entries whose content holds the snapshot's base URL (the CLI finds them with rebase's
    /// matcher, workflow::find_base_url); named in base-url-differs findings.
    std::vector<std::string> base_url_entries;
    /// Findings made before (verify's lint, metadata and sidecar findings); kept first.
    std::vector<core::Finding> prior;
};

struct ValidateReport {
    std::vector<core::Finding> findings;  ///< prior findings, then validate's own
    Verdict verdict = Verdict::compatible;
    std::optional<TimeCheck> time;         ///< when both the name time and timeMillis exist
    std::optional<UpgradeBackup> upgrade;  ///< when the description is an upgrade backup
};

/// Validates a snapshot against a target. Fails only with Errc::usage ("unknown-zone") when
/// `zone` is not in the system tz database.
core::Result<ValidateReport> validate_snapshot(const ValidateInput& input);

/// Returns the verdict the findings give: any error incompatible, else any warning
/// compatible-with-warnings, else compatible.
Verdict verdict_of(const std::vector<core::Finding>& findings);

/// Returns true when the report passes: no errors, and with Strict::yes no warnings.
bool passes(const ValidateReport& report, Strict strict);

/// Returns true when two base URLs name the same place: scheme and host compared without
/// case, default ports (:80, :443) and a trailing '/' ignored.
bool same_base_url(std::string_view a, std::string_view b);

}  // namespace ssosnap::metadata
