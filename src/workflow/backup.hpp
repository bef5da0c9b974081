#pragma once
// ssosnap backup: ping → create on the server with a unique description → find the new id
// by that description → download (or copy from a mounted kerberos_snapshots folder) → .sha256
// sidecar → verify. Returns data; the CLI renders it. One call backs up one server, so a
// caller may run several at once (one client each).

#include "core/finding.hpp"
#include "core/result.hpp"
#include "crypt/age.hpp"
#include "metadata/snapshot.hpp"
#include "rest/client.hpp"
#include "rest/ping.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::workflow
{

struct BackupRequest {
    std::filesystem::path to_dir;  ///< created (with parents) when missing
    std::string description;       ///< the user's text; a unique stamp is always appended
    /// The server's mounted kerberos_snapshots folder, used when it has no download endpoint.
    std::optional<std::filesystem::path> from_dir;
    std::int64_t now_millis = 0;  ///< for the unique stamp
    rest::ProgressFn progress;
    /// Recipients to encrypt to: the backup is then TO_DIR/<id>.zip.age (see fetch.hpp).
    crypt::AgeOptions encrypt;
};

struct BackupResult {
    rest::PingInfo ping;
    metadata::SnapshotRecord record;  ///< as the server lists the new snapshot
    std::filesystem::path path;       ///< TO_DIR/<id>.zip (or .zip.age)
    std::string sha256;
    std::uint64_t bytes = 0;
    bool copied = false;                  ///< from --from-dir rather than downloaded
    std::vector<core::Finding> findings;  ///< verify's findings (warnings at most)
};

/// Backs up the server behind `client` into `request.to_dir`, creating it when missing (and
/// removing what it created again, if still empty, when the backup fails). Fails with the first
/// step's error, its context naming the step; when the snapshot was created but could not be
/// brought home, the message names its id so the user can find it on the server.
core::Result<BackupResult> backup(rest::KantegaClient& client, const BackupRequest& request);

}  // namespace ssosnap::workflow
