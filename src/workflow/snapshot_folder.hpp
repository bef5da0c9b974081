#pragma once
// The snapshots of one location, listed once for every command that walks a backup folder
// (`ls`, `log`): each archive with its metadata, state and time, oldest first. Today a
// location is a local folder (plain and age-encrypted archives); another kind (a bucket) plugs in
// by returning the same ListedArchive rows from its own lister, so ls and log need no change.

#include "core/result.hpp"
#include "metadata/file_name.hpp"
#include "metadata/snapshot.hpp"
#include "workflow/snapshot_file.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

/// One archive of a location, read as far as listing needs (central directory, metadata,
/// and the .sha256 sidecar when asked).
struct ListedArchive {
    std::filesystem::path path;
    /// "ok", "unreadable" (not a zip, truncated), "sidecar-mismatch", or "foreign" (a
    /// readable zip with neither snapshot metadata nor a snapshot file name).
    std::string state = "ok";
    std::string error;  ///< why the archive is unreadable
    std::optional<metadata::SnapshotMeta> meta;
    std::string meta_source;  ///< metadata::meta_source_name, empty without metadata
    std::optional<metadata::NameTime> name_time;
    std::uint64_t size = 0;
    SidecarState sha256 = SidecarState::not_checked;
    /// epoch ms: timeMillis, else the file-name time taken as UTC; nullopt when neither.
    std::optional<std::int64_t> sort_key;
};

/// Lists every "*.zip" and "*.zip.age" directly in `dir` (an encrypted archive is never
/// decrypted: its row comes from its readable record NAME.zip.age.json, meta_source "sealed")
/// (temporary files of ssosnap's atomic writes and anything not a regular file skipped), oldest
/// first by sort_key; archives without any time go last, by file name. A broken archive is a row,
/// never a failure. Fails with Errc::input
/// ("unreadable") when `dir` cannot be read.
core::Result<std::vector<ListedArchive>> list_snapshot_folder(const std::filesystem::path& dir,
                                                              SidecarCheck check);

/// One archive's row, as list_snapshot_folder() reads it (a bucket's walker reads each archive it
/// downloads this way). A broken archive is a row, never a failure.
ListedArchive list_snapshot_file(const std::filesystem::path& path, SidecarCheck check);

/// Sets `row.sort_key`: the metadata's timeMillis, else the file-name time taken as UTC.
void set_sort_key(ListedArchive& row);

/// Puts rows in list_snapshot_folder()'s order: oldest first by sort_key, rows without one
/// last, by file name (another lister, a bucket's, uses it too).
void sort_listed(std::vector<ListedArchive>& rows);

}  // namespace ssosnap::workflow
