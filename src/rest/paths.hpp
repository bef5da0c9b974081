#pragma once
// Where each endpoint lives. The documented paths have only their version segment
// configurable; the assumed paths (download, upload, delete, token revoke: the vendor
// documents no REST form for them) are whole templates, each overridable by a CLI flag.
// Templates are relative to the base URL; "{version}" and "{id}" are replaced.

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace ssosnap::rest
{

struct ApiPaths {
    std::string info_version = "1.0";      ///< ping (documented)       --info-api-version
    std::string snapshot_version = "1.0";  ///< snapshot API (documented) --snapshot-api-version
    std::string tokens_version = "3.0";    ///< API tokens (documented)  --tokens-api-version
    /// Assumed: GET, the archive bytes.                                 --download-path
    std::string download = "/rest/ksso/api/snapshot/{version}/config/snapshot/{id}/download";
    /// Assumed: POST multipart/form-data, part "file".                  --upload-path
    std::string upload = "/rest/ksso/api/snapshot/{version}/config/snapshot/upload";
    /// Assumed: DELETE a snapshot.                                      --delete-path
    std::string remove = "/rest/ksso/api/snapshot/{version}/config/snapshot/{id}";
    /// Assumed: DELETE (expire) an API token.                           --token-revoke-path
    std::string token_revoke = "/rest/ksso/api/apitokens/{version}/user/tokens/{id}";
};

/// Documented: GET ping.
std::string ping_path(const ApiPaths& paths);
/// Documented: GET (list) and POST (create) snapshots; ends with '/'.
std::string snapshots_path(const ApiPaths& paths);
/// Documented: POST restore of `id` (escaped here).
std::string restore_path(const ApiPaths& paths, std::string_view id);
/// Documented: GET (list) and POST (create) API tokens.
std::string tokens_path(const ApiPaths& paths);

/// Replaces "{version}" with `version` and "{id}" with the escaped `id` in `tmpl`.
std::string expand_path(std::string_view tmpl, std::string_view version, std::string_view id);

/// Checks every template: starts with '/', no "..", and "{id}" present where one is needed
/// (download, delete, token revoke). Fails with Errc::usage naming the flag to fix.
core::Result<void> validate_paths(const ApiPaths& paths);

}  // namespace ssosnap::rest
