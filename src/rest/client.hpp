#pragma once
// The typed Kantega SSO Enterprise REST client: one method per endpoint, documented or
// assumed (see docs/rest-api.md). It builds requests, hands them to a Transport (curl, a
// retrying decorator, or a fake in tests) and maps answers to data or to core::Error:
// 401/403 → Errc::auth, other HTTP failures and malformed bodies → Errc::remote, unusable
// local files → Errc::input. Every POST and DELETE carries "X-Atlassian-Token: no-check".
//
// Typical use (what `ssosnap remote` and the backup workflow do):
//   rest::CurlTransport curl(curl_options);
//   rest::RetryingTransport transport(curl, retry_policy);
//   rest::KantegaClient client(transport, {base_url, credentials, paths});
//   auto record = client.create_snapshot("nightly 2024-05-01");
//   auto file = client.download_snapshot(record->id, dir / record->filename, {});

#include "core/files.hpp"
#include "core/result.hpp"
#include "metadata/snapshot.hpp"
#include "rest/paths.hpp"
#include "rest/ping.hpp"
#include "rest/tokens.hpp"
#include "rest/transport.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::rest
{

struct ClientConfig {
    std::string base_url;  ///< "https://jira.example.test/jira", no trailing slash
    Credentials credentials;
    ApiPaths paths;
    /// The largest snapshot a download accepts, in bytes (--max-download-size): a larger
    /// Content-Length is refused up front, a body without one is cut off at the limit.
    std::uint64_t max_download_bytes = std::uint64_t{4} << 30;
};

struct DownloadOptions {
    core::Overwrite overwrite = core::Overwrite::no;
    ProgressFn progress;
    /// Called with the complete temporary file before it is renamed into place; an error
    /// discards the download and is returned (e.g. "not a readable snapshot").
    std::function<core::Result<void>(const std::filesystem::path& temp_path)> check;
};

/// What download_snapshot_bytes() tells its caller while the body arrives.
struct MemoryDownloadOptions {
    ProgressFn progress;
    /// Called after each piece is appended, with everything received so far (a view valid
    /// during the call only): the caller can pass the new bytes on, e.g. to age, while the
    /// rest arrives. An error stops the download and is returned.
    std::function<core::Result<void>(std::string_view received)> received;
    /// Called before a retried download starts the body again (what was received before is
    /// discarded). Required with `received`: an error ends the download with that error.
    std::function<core::Result<void>()> restarted;
};

struct DownloadResult {
    std::filesystem::path path;  ///< the final file
    std::uint64_t bytes = 0;
    std::string sha256;  ///< hex digest of the bytes, computed while streaming
};

class KantegaClient
{
public:
    /// `transport` must outlive the client.
    KantegaClient(Transport& transport, ClientConfig config);

    const ClientConfig& config() const { return m_config; }

    /// GET ping (documented, app >= 5.7.0; any authenticated user).
    core::Result<PingInfo> ping();

    /// GET the snapshot list (documented; administrators only), in the server's order.
    core::Result<std::vector<metadata::SnapshotRecord>> list_snapshots();

    /// POST a new snapshot of the live config with `description` (documented). The answer's
    /// body is undocumented and ignored. Fails with Errc::usage on an empty description.
    core::Result<void> request_snapshot(const std::string& description);

    /// request_snapshot(), then lists and returns the newest record whose description is
    /// exactly `description` (the only documented way to learn the new id). Use a unique
    /// description. Fails with Errc::remote ("not-found") when none is listed.
    core::Result<metadata::SnapshotRecord> create_snapshot(const std::string& description);

    /// POST restore of snapshot `id` into the live config (documented).
    core::Result<void> restore_snapshot(const std::string& id);

    /// GET the archive bytes of `id` (assumed path) streamed into a temporary beside `to`,
    /// renamed to `to` (mode 0600) after `options.check` passes. Retried downloads restart
    /// from an empty file. A body larger than config().max_download_bytes fails with
    /// Errc::remote, id "too-large". Nothing is left behind on failure.
    core::Result<DownloadResult> download_snapshot(const std::string& id,
                                                   const std::filesystem::path& to,
                                                   const DownloadOptions& options);

    /// GET the archive bytes of `id` into memory, for a caller that must not write them to
    /// disk (an encrypted backup). The same limit and errors as download_snapshot().
    core::Result<std::string> download_snapshot_bytes(const std::string& id,
                                                      const MemoryDownloadOptions& options = {});

    /// upload_snapshot() of a zip held in memory, sent as `file_name` ("<id>.zip").
    core::Result<metadata::SnapshotRecord> upload_snapshot_bytes(std::string bytes,
                                                                 const std::string& file_name,
                                                                 const ProgressFn& progress = {});

    /// POST `archive` as multipart/form-data (assumed path; part "file" with the original
    /// file name), streamed from disk; then lists and returns the record of the uploaded id
    /// (the file name without ".zip"), whose `readable` the caller should check. 409 (the id
    /// exists) and 400 (the server cannot read it) are Errc::remote with ids "exists" and
    /// "rejected"; 404 says the server may lack the endpoint.
    core::Result<metadata::SnapshotRecord> upload_snapshot(const std::filesystem::path& archive,
                                                           const ProgressFn& progress = {});

    /// DELETE snapshot `id` (assumed path).
    core::Result<void> delete_snapshot(const std::string& id);

    /// Whether a delete_snapshot() failure says the server has no such endpoint (404, 405 or
    /// 501 on the assumed path), so callers warn once instead of failing.
    static bool is_missing_delete_endpoint(const core::Error& e);

    /// GET API tokens: every user's as an administrator, else the caller's own (documented).
    core::Result<TokenList> list_tokens();

    /// POST a new token for the calling user (documented). The answer holds the value once.
    core::Result<CreatedToken> create_token(const TokenRequest& request);

    /// DELETE (expire) token `id` (assumed path).
    core::Result<void> revoke_token(const std::string& id);

private:
    core::Result<metadata::SnapshotRecord> upload(BodySource body, const std::string& what,
                                                  const ProgressFn& progress);
    Request make(Method method, const std::string& path) const;
    core::Result<Response> call(const Request& request, const std::string& what,
                                const std::string& hint = {});
    /// GET of snapshot `id`'s archive (the assumed download path; zip accepted).
    Request download_request(const std::string& id) const;
    /// call() for a download: the path hint, and what to raise when the answer is too large.
    core::Result<void> call_download(const Request& request, const std::string& what);
    Transport& m_transport;
    ClientConfig m_config;
};

}  // namespace ssosnap::rest
