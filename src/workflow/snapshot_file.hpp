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
#include "crypt/age.hpp"
#include "metadata/file_name.hpp"
#include "metadata/locate.hpp"
#include "metadata/sealed.hpp"

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
    /// Read from an age file ("NAME.zip.age"): `reader` holds the decrypted zip in memory and
    /// `sha256` is about the stored (encrypted) file.
    bool encrypted = false;
};

/// Opens `path` (central directory only; root JSON entries of at most 1 MiB are inflated to
/// find the metadata), reads a "<name without .zip>.json" sidecar when one exists, parses the
/// file-name time and, unless told not to, checks "ARCHIVE.sha256". Fails only when the
/// archive cannot be opened at all (Errc::input with the reader's id: not-a-zip, truncated,
/// limit-exceeded, unreadable); everything else becomes a finding.
///
/// An age file (recognised by its header, whatever its name) is decrypted into memory with
/// `age` (identities from it; see crypt/age.hpp), at most limits.max_total_size + 64 MiB;
/// the crypt ids (age-no-identity, age-wrong-identity, age-corrupt, ...) fail the load. Its
/// "ARCHIVE.json" sealed sidecar, when present, must agree with the plaintext's SHA-256
/// (finding sealed-mismatch, error).
core::Result<LoadedSnapshot> load_snapshot(const std::filesystem::path& path,
                                           const archive::Limits& limits = {},
                                           SidecarCheck check = SidecarCheck::yes,
                                           const crypt::AgeOptions& age = {});

/// The same for a zip held in memory (a download not yet written anywhere); `path` is the
/// name it will have, used for the file-name time and in messages. No sidecar is read.
core::Result<LoadedSnapshot> load_snapshot_bytes(std::string bytes,
                                                 const std::filesystem::path& path,
                                                 const archive::Limits& limits = {});

/// The same for an archive already opened by the caller, e.g. read piecewise from a bucket
/// (archive::Reader::open_ranges): only its metadata entries are read. No sidecar is read.
LoadedSnapshot load_snapshot_reader(archive::Reader reader, const std::filesystem::path& path);

/// The most plaintext bytes load_snapshot() accepts from an age file under `limits`.
std::uint64_t max_decrypted_bytes(const archive::Limits& limits);

/// True when `path` names an encrypted archive by its suffix (".zip.age").
bool has_encrypted_name(const std::filesystem::path& path);

/// The file name of `path` without an encrypted archive's ".age": "NAME.zip.age" → "NAME.zip".
std::string plain_file_name(const std::filesystem::path& path);

/// "ARCHIVE.json" (e.g. "NAME.zip.age.json"): the readable sealed record of an encrypted
/// archive (metadata/sealed.hpp).
std::filesystem::path sealed_sidecar_path(const std::filesystem::path& archive);

/// Reads the sealed record of `archive`: nullopt when there is none; fails with Errc::input
/// (id "sealed-invalid" or "unreadable") when it cannot be used.
core::Result<std::optional<metadata::SealedMeta>>
read_sealed_sidecar(const std::filesystem::path& archive);

/// An encrypted archive seen without its identity: what its readable sidecars say.
struct SealedView {
    std::filesystem::path path;
    metadata::SealedMeta sealed;
    std::optional<metadata::NameTime> name_time;      ///< from the name without ".age"
    SidecarState sha256 = SidecarState::not_checked;  ///< the stored file against ".sha256"
    /// bad-file-name (warning), sidecar-mismatch (error), and not-decrypted (info): what
    /// could not be checked without the identity.
    std::vector<core::Finding> findings;
};

/// True for the failure of load_snapshot() on an encrypted archive without an identity.
bool needs_identity(const core::Error& error);

/// Reads the sealed record of the encrypted archive `path` and, unless told not to, checks
/// the stored file against its ".sha256". Fails with Errc::input: id "age-no-identity" when
/// there is no sealed record (nothing readable is left), or the sidecar's own ids.
core::Result<SealedView> load_sealed(const std::filesystem::path& path,
                                     SidecarCheck check = SidecarCheck::yes);

struct WrittenEncrypted {
    std::filesystem::path path;  ///< the age file
    std::string sha256;          ///< of the stored (encrypted) file, also in its .sha256
    std::uint64_t bytes = 0;     ///< stored size
    metadata::SealedMeta sealed;
};

/// Encrypts the zip `plaintext` (already opened as `loaded`, e.g. by load_snapshot_bytes) to
/// the recipients of `age` and writes `to` ("NAME.zip.age", 0600, never over an existing
/// file), its ".sha256" sidecar (of the stored file) and its sealed record, each atomically.
/// No plaintext is written to disk. On failure nothing is left under those names.
core::Result<WrittenEncrypted> write_encrypted_snapshot(const crypt::AgeOptions& age,
                                                        std::string_view plaintext,
                                                        const LoadedSnapshot& loaded,
                                                        const std::filesystem::path& to);

/// The rest of write_encrypted_snapshot() for an age file already written to `to` (by a
/// crypt::AgeWriter fed while the zip arrived): `written` is what it returned, `loaded` the
/// zip of `plain_bytes` bytes it encrypted. Writes the ".sha256" sidecar and the sealed
/// record, each atomically; on failure removes `to` too, so nothing is left.
core::Result<WrittenEncrypted> seal_encrypted_snapshot(const crypt::Encrypted& written,
                                                       const LoadedSnapshot& loaded,
                                                       std::uint64_t plain_bytes,
                                                       const std::filesystem::path& to);

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
