#pragma once
// One snapshot archive on disk, loaded the way every command needs it: the archive's
// directory, its metadata (located in the documented order, including a "<name>.json"
// sidecar), the time in its file name, and the checks of its ".sha256" sidecar. Commands
// (inspect, verify, validate, ls, diff, backup, ...) call load_snapshot() instead of
// repeating these steps.

#include "archive/limits.hpp"
#include "archive/reader.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "metadata/file_name.hpp"
#include "metadata/locate.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

/// Whether load_snapshot() hashes the whole archive to compare it with "ARCHIVE.sha256".
enum class SidecarCheck { yes, no };

/// What the ".sha256" sidecar says about the archive.
enum class SidecarState { absent, match, mismatch, not_checked };

/// Returns "absent", "match", "mismatch" or "not-checked".
const char* sidecar_state_name(SidecarState state);

struct LoadedSnapshot {
    std::filesystem::path path;
    archive::Reader reader;
    metadata::LocatedMeta located;                ///< metadata and where it came from
    std::optional<metadata::NameTime> name_time;  ///< nullopt when the name breaks the grammar
    SidecarState sha256 = SidecarState::not_checked;
    /// located.findings (metadata-missing / metadata-invalid), then bad-file-name (warning)
    /// and sidecar-mismatch (error). Structural and content lint are not included: call
    /// archive::lint_structure / lint_contents on `reader`.
    std::vector<core::Finding> findings;
};

/// Opens `path` (central directory only; root JSON entries of at most 1 MiB are inflated to
/// find the metadata), reads a "<name without .zip>.json" sidecar when one exists, parses the
/// file-name time and, unless told not to, checks "ARCHIVE.sha256". Fails only when the
/// archive cannot be opened at all (Errc::input with the reader's id: not-a-zip, truncated,
/// limit-exceeded, unreadable); everything else becomes a finding.
core::Result<LoadedSnapshot> load_snapshot(const std::filesystem::path& path,
                                           const archive::Limits& limits = {},
                                           SidecarCheck check = SidecarCheck::yes);

/// "ARCHIVE.sha256": the sha256sum-format sidecar of `archive`.
std::filesystem::path sha256_sidecar_path(const std::filesystem::path& archive);

/// "<archive without .zip>.json": the snapshot-record sidecar of `archive`.
std::filesystem::path json_sidecar_path(const std::filesystem::path& archive);

/// Returns the hex SHA-256 of the file at `path`, read in chunks. Fails with Errc::input.
core::Result<std::string> sha256_of_file(const std::filesystem::path& path);

/// Writes "ARCHIVE.sha256" atomically in sha256sum format: "<hex>  <file name>\n", so
/// `sha256sum -c` run in the archive's folder checks it. Fails with Errc::input.
core::Result<void> write_sha256_sidecar(const std::filesystem::path& archive);

/// The same, with the digest already known (computed while the archive was streamed), so the
/// archive is not read again.
core::Result<void> write_sha256_sidecar(const std::filesystem::path& archive,
                                        const std::string& hex);

/// Compares `archive` with its ".sha256" sidecar (the file name inside is not compared: an
/// archive may be renamed). Absent when there is no sidecar; mismatch also when the sidecar
/// is not in sha256sum format. Fails with Errc::input when a file cannot be read.
core::Result<SidecarState> check_sha256_sidecar(const std::filesystem::path& archive);

}  // namespace ssosnap::workflow
