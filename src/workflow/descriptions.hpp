#pragma once
// Snapshot descriptions with a meaning: the safety snapshot ssosnap takes before a restore,
// the vendor's automatic "Backup before upgrade ..." snapshot, and the unique descriptions
// backup uses to find the snapshot it just created (the create response is undocumented).

#include <cstdint>
#include <string>
#include <string_view>

namespace ssosnap::workflow
{

/// Why a snapshot must not be pruned.
enum class Protection { none, safety_snapshot, vendor_upgrade };

/// Returns "", "safety snapshot" or "vendor upgrade backup".
const char* protection_name(Protection protection);

/// Returns the description of the safety snapshot taken before restoring `archive_id`:
/// "ssosnap safety snapshot before restoring <archive_id> (<stamp>)". `stamp` makes it
/// unique so the new snapshot can be found by description.
std::string safety_description(std::string_view archive_id, std::string_view stamp);

/// Returns the description of the snapshot restore takes after restoring `archive_id`, only
/// to compare: "ssosnap post-restore check of <archive_id> (<stamp>)".
std::string check_description(std::string_view archive_id, std::string_view stamp);

/// Returns the description of a backup taken by ssosnap: "<text> (ssosnap <stamp>)", or
/// "ssosnap backup <stamp>" when `text` is empty.
std::string backup_description(std::string_view text, std::string_view stamp);

/// Returns a stamp unique enough to find one snapshot by description: the epoch ms in
/// hex plus 32 random bits, e.g. "18c2f4a1b3e-5f3a9c21".
std::string unique_stamp(std::int64_t now_millis);

/// Classifies a description: ssosnap's safety snapshots and the vendor's automatic
/// "Backup before upgrade of config from version <X> to <Y>" snapshots are protected.
Protection protection_of(std::string_view description);

/// Whether ssosnap made the snapshot described so: a description ending in unique_stamp()'s
/// form as ssosnap writes it, either "... (ssosnap <stamp>)" (a backup with a text) or
/// "ssosnap ... <stamp>" / "ssosnap ... (<stamp>)" (backup, safety and check snapshots).
/// `remote prune` leaves every other snapshot alone unless told otherwise.
bool made_by_ssosnap(std::string_view description);

}  // namespace ssosnap::workflow
