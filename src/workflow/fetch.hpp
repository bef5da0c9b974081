#pragma once
// Getting a snapshot that is on a server into a local file, and checking a local archive
// completely. Shared by backup and restore: download over the (assumed) download endpoint,
// or, when the server has none, copy from a mounted `kerberos_snapshots` folder.

#include "core/finding.hpp"
#include "core/result.hpp"
#include "rest/client.hpp"
#include "workflow/snapshot_file.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

/// How far a check reads: the structure alone (directory, local headers, names, metadata,
/// sidecar) or also every entry's bytes (inflated, sizes and CRC-32 checked).
enum class CheckDepth { structure, contents };

/// Everything `ssosnap verify` checks on one archive: it opens, its structure and every
/// entry's bytes lint clean, its metadata and (when `sidecar` says so) its .sha256 sidecar.
/// Returns all findings; `bad-file-name` is left out when `ignore_name` (temporary names),
/// the entries' bytes are not read with CheckDepth::structure. Fails with Errc::input when
/// the archive cannot be opened at all.
core::Result<std::vector<core::Finding>>
check_snapshot_file(const std::filesystem::path& path, SidecarCheck sidecar,
                    bool ignore_name = false, CheckDepth depth = CheckDepth::contents);

/// The same findings for an archive already opened with load_snapshot (its sidecar checked or
/// not as it was loaded), for callers that go on using it.
std::vector<core::Finding> check_loaded_snapshot(const LoadedSnapshot& loaded,
                                                 bool ignore_name = false,
                                                 CheckDepth depth = CheckDepth::contents);

/// Returns the first finding of error severity, or nullptr.
const core::Finding* first_error(const std::vector<core::Finding>& findings);

/// The start of the message of a fetched snapshot that fails verification (its Error::id is
/// the finding's code): backup counts these as verify failures in its metrics.
inline constexpr const char* k_not_intact = "the snapshot is not intact";

struct FetchOptions {
    /// The mounted `kerberos_snapshots` folder of the server's application home, used when
    /// the server answers 404 on the download endpoint (or always, when `prefer_dir`).
    std::optional<std::filesystem::path> snapshots_dir;
    bool prefer_dir = false;
    rest::ProgressFn progress;
    /// When it names recipients, fetch_snapshot() writes the snapshot encrypted to them
    /// ("NAME.zip.age": pass such a `to`), the plaintext kept in memory only.
    crypt::AgeOptions encrypt;
};

struct Fetched {
    std::filesystem::path path;
    std::string sha256;
    std::uint64_t bytes = 0;
    bool copied = false;  ///< from FetchOptions::snapshots_dir, not downloaded
    std::vector<core::Finding> findings;
};

/// Puts snapshot `id` at `to` (atomically, 0600, never over an existing file) by download or
/// by copy from the mounted folder, checked completely before it gets that name
/// (check_snapshot_file on the temporary; an error finding discards it), and writes its
/// .sha256 sidecar (with options.encrypt: the age file, its .sha256 and its sealed record,
/// see write_encrypted_snapshot). A 404 on download without a mounted
/// folder fails with Errc::remote, id "no-download", saying where the snapshot is. An `id`
/// that is not exactly sso-snapshot-YYYY-MM-DD-HH_MM_SS fails with Errc::remote, id "bad-id",
/// before anything is read or written.
core::Result<Fetched> fetch_snapshot(rest::KantegaClient& client, const std::string& id,
                                     const std::filesystem::path& to, const FetchOptions& options);

struct FetchedMemory {
    LoadedSnapshot loaded;  ///< the zip in memory, named "<id>.zip"
    bool copied = false;    ///< from FetchOptions::snapshots_dir, not downloaded
    std::vector<core::Finding> findings;
};

/// fetch_snapshot() into memory: the same download or copy, the same checks, nothing written.
core::Result<FetchedMemory> fetch_snapshot_memory(rest::KantegaClient& client,
                                                  const std::string& id,
                                                  const FetchOptions& options);

struct CopiedFile {
    std::uint64_t bytes = 0;
    std::string sha256;  ///< hex digest, computed while copying
};

/// Checks a complete temporary file before it is given its final name (an error discards it).
using TempCheck = std::function<core::Result<void>(const std::filesystem::path& temp_path)>;

/// Copies `from` to `to` atomically (temporary beside `to`, fsync, link into place; never over
/// an existing file), mode 0600; `check`, when set, runs on the temporary first. Fails with
/// Errc::input, or with the check's error.
core::Result<CopiedFile> copy_file_atomic(const std::filesystem::path& from,
                                          const std::filesystem::path& to,
                                          const TempCheck& check = {});

}  // namespace ssosnap::workflow
