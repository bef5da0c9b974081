#include "rest/client.hpp"

#include "core/background_sha256.hpp"
#include "core/large_buffer.hpp"
#include "core/strings.hpp"
#include "rest/http_error.hpp"
#include "rest/url.hpp"

#include <algorithm>
#include <optional>

namespace ssosnap::rest
{
namespace
{

constexpr const char* k_json = "application/json";

std::string transfer_hint(const char* flag, const std::string& path)
{
    return "no such snapshot, or the server has no endpoint at the assumed path " +
           core::quote(path) + " (override it with " + flag + "; see 'ssosnap remote list')";
}

// Streams a download into an AtomicFile, restartable for retries: the temporary is written
// in blocks of k_block (libcurl hands over at most 16 KiB per call; one write() each made
// 13,000 of them for 200 MiB), and the hash is computed on another thread block by block
// (on one core SHA-256 took as long as receiving and writing together).
struct DownloadSink {
    static constexpr std::size_t k_block = 1 << 20;

    std::filesystem::path to;
    core::Overwrite overwrite = core::Overwrite::no;
    std::uint64_t max_bytes = 0;  ///< 0: no bound
    std::optional<core::AtomicFile> file;
    std::optional<core::BackgroundSha256> hash;  ///< a new one for every (re)started transfer
    std::uint64_t bytes = 0;
    std::string pending;  ///< received bytes not yet written

    core::Result<void> open()
    {
        file.reset();
        auto f = core::AtomicFile::create(to, core::FileMode::secret, overwrite);
        if (!f) return core::fail(f.error());
        file.emplace(std::move(*f));
        hash.emplace();  // the old one, if any, stops first
        bytes = 0;
        next_block();
        return {};
    }
    core::Result<void> write(std::string_view chunk)
    {
        // Checked before a byte lands: an endless body stops at the limit, not at the disk's.
        if (max_bytes != 0 && chunk.size() > max_bytes - bytes) {
            return core::fail(core::Errc::remote,
                              "the server sent more than the limit of " +
                                  std::to_string(max_bytes) + " bytes",
                              "too-large");
        }
        bytes += chunk.size();
        pending.append(chunk);
        return pending.size() >= k_block ? flush() : core::Result<void>{};
    }
    /// Writes what is pending and hands it to the hash: before the temporary is read or
    /// committed.
    core::Result<void> flush()
    {
        auto done = file->write(pending);
        hash->update(std::move(pending));
        next_block();
        return done;
    }

private:
    void next_block()
    {
        pending = hash->spare();  // empty, with its capacity
        pending.reserve(k_block);
    }
};

}  // namespace

KantegaClient::KantegaClient(Transport& transport, ClientConfig config)
    : m_transport(transport), m_config(std::move(config))
{
}

Request KantegaClient::make(Method method, const std::string& path) const
{
    Request r;
    r.method = method;
    r.url = m_config.base_url + path;
    r.auth = m_config.credentials;
    r.headers.emplace_back("Accept", k_json);
    // Atlassian XSRF protection rejects state-changing requests without this header.
    if (method != Method::get) r.headers.emplace_back("X-Atlassian-Token", "no-check");
    return r;
}

core::Result<Response> KantegaClient::call(const Request& request, const std::string& what,
                                           const std::string& hint)
{
    auto response = m_transport.send(request);
    // A server that cannot be reached at all: the message names it already, and which request
    // it was does not matter ("pinging URL: cannot connect to URL: ..." said it twice).
    if (!response && is_unreachable(response.error())) return core::fail(response.error());
    if (!response) return core::fail(response.error().with_context(what));
    if (!is_success(response->status))
        return core::fail(http_error(request, *response, hint).with_context(what));
    return response;
}

core::Result<PingInfo> KantegaClient::ping()
{
    const std::string what = "pinging " + redact_url(m_config.base_url);
    auto r = call(make(Method::get, ping_path(m_config.paths)), what,
                  "ping needs Kantega SSO 5.7.0 or later; check --url (the product's base URL)");
    if (!r) return core::fail(r.error());
    return parse_ping(r->body).with_context(what);
}

core::Result<std::vector<metadata::SnapshotRecord>> KantegaClient::list_snapshots()
{
    const std::string what = "listing snapshots on " + redact_url(m_config.base_url);
    auto r = call(make(Method::get, snapshots_path(m_config.paths)), what);
    if (!r) return core::fail(r.error());
    return metadata::parse_snapshot_list(r->body).with_context(what);
}

core::Result<void> KantegaClient::request_snapshot(const std::string& description)
{
    if (description.empty())
        return core::fail(core::Errc::usage, "a snapshot needs a description to be found again");
    auto rq = make(Method::post, snapshots_path(m_config.paths) +
                                     "?description=" + escape_component(description));
    auto r = call(rq, "creating a snapshot on " + redact_url(m_config.base_url));
    if (!r) return core::fail(r.error());
    return {};
}

core::Result<metadata::SnapshotRecord>
KantegaClient::create_snapshot(const std::string& description)
{
    SSOSNAP_TRY(request_snapshot(description));
    auto list = list_snapshots();
    if (!list) return core::fail(list.error());
    const metadata::SnapshotRecord* best = nullptr;
    for (const auto& rec : *list) {
        if (rec.meta.description != description) continue;
        if (!best || rec.meta.time_millis.value_or(0) >= best->meta.time_millis.value_or(0))
            best = &rec;
    }
    if (!best) {
        return core::fail(core::Errc::remote,
                          "the server accepted the snapshot request but lists no snapshot "
                          "described " +
                              core::quote(description),
                          "not-found");
    }
    return *best;
}

core::Result<void> KantegaClient::restore_snapshot(const std::string& id)
{
    auto r = call(make(Method::post, restore_path(m_config.paths, id)),
                  "restoring snapshot " + core::quote(id) + " on " + redact_url(m_config.base_url),
                  "see 'ssosnap remote list' for the ids");
    if (!r) return core::fail(r.error());
    return {};
}

Request KantegaClient::download_request(const std::string& id) const
{
    auto rq = make(Method::get,
                   expand_path(m_config.paths.download, m_config.paths.snapshot_version, id));
    rq.headers.front().second = "application/zip, application/octet-stream";
    return rq;
}

core::Result<void> KantegaClient::call_download(const Request& rq, const std::string& what)
{
    auto got = call(rq, what, transfer_hint("--download-path", m_config.paths.download));
    if (!got) {
        auto e = got.error();
        if (e.id == "too-large")
            e.message += "; if the snapshot really is this big, raise --max-download-size";
        return core::fail(e);
    }
    return {};
}

core::Result<DownloadResult> KantegaClient::download_snapshot(const std::string& id,
                                                              const std::filesystem::path& to,
                                                              const DownloadOptions& options)
{
    const std::string what = "downloading snapshot " + core::quote(id);
    DownloadSink sink;
    sink.to = to;
    sink.overwrite = options.overwrite;
    sink.max_bytes = m_config.max_download_bytes;
    SSOSNAP_TRY(sink.open().with_context(what));
    auto rq = download_request(id);
    rq.sink = BodySink{[&sink](std::string_view chunk) { return sink.write(chunk); },
                       [&sink] { return sink.open(); }, m_config.max_download_bytes};
    rq.download_progress = options.progress;
    SSOSNAP_TRY(call_download(rq, what));
    SSOSNAP_TRY(sink.flush().with_context(what));
    // The disk catches up while the check reads the archive back from the page cache.
    sink.file->start_sync();
    if (options.check) SSOSNAP_TRY(options.check(sink.file->temp_path()).with_context(what));
    SSOSNAP_TRY(sink.file->commit().with_context(what));
    return DownloadResult{to, sink.bytes, sink.hash->hex_digest()};
}

core::Result<std::string>
KantegaClient::download_snapshot_bytes(const std::string& id, const MemoryDownloadOptions& options)
{
    const std::string what = "downloading snapshot " + core::quote(id);
    const std::uint64_t max_bytes = m_config.max_download_bytes;
    std::string bytes;
    auto rq = download_request(id);
    BodySink sink;
    sink.max_bytes = max_bytes;
    sink.write = [&bytes, &options, max_bytes](std::string_view chunk) -> core::Result<void> {
        if (max_bytes != 0 && chunk.size() > max_bytes - bytes.size()) {
            return core::fail(core::Errc::remote,
                              "the server sent more than the limit of " +
                                  std::to_string(max_bytes) + " bytes",
                              "too-large");
        }
        bytes.append(chunk);
        if (options.received) return options.received(bytes);
        return {};
    };
    sink.reset = [&bytes, &options]() -> core::Result<void> {
        bytes.clear();
        if (options.restarted) return options.restarted();
        return {};
    };
    // Sized once from Content-Length: growing it copied a 200 MiB body again at each doubling.
    sink.expect = [&bytes](std::uint64_t announced) { core::reserve_large(bytes, announced); };
    rq.sink = std::move(sink);
    rq.download_progress = options.progress;
    SSOSNAP_TRY(call_download(rq, what));
    return bytes;
}

core::Result<metadata::SnapshotRecord>
KantegaClient::upload_snapshot(const std::filesystem::path& archive, const ProgressFn& progress)
{
    return upload(BodySource::form_file("file", archive, archive.filename().string()),
                  "uploading " + core::quote(archive.string()), progress);
}

core::Result<metadata::SnapshotRecord>
KantegaClient::upload_snapshot_bytes(std::string bytes, const std::string& file_name,
                                     const ProgressFn& progress)
{
    return upload(BodySource::form_bytes("file", std::move(bytes), file_name),
                  "uploading " + core::quote(file_name), progress);
}

core::Result<metadata::SnapshotRecord>
KantegaClient::upload(BodySource body, const std::string& what, const ProgressFn& progress)
{
    const std::string name = body.form_file_name;
    auto rq =
        make(Method::post, expand_path(m_config.paths.upload, m_config.paths.snapshot_version, ""));
    rq.body = std::move(body);
    rq.body.content_type = "application/zip";
    rq.upload_progress = progress;
    auto sent = m_transport.send(rq);
    if (!sent) return core::fail(sent.error().with_context(what));
    if (!is_success(sent->status)) {
        auto e = http_error(rq, *sent,
                            sent->status == 404
                                ? "the server may have no upload endpoint at the assumed path " +
                                      core::quote(m_config.paths.upload) +
                                      " (override it with --upload-path), or place the archive "
                                      "in the kerberos_snapshots folder of the application home"
                                : "");
        if (sent->status == 409) {
            e.id = "exists";
            e.message += "; a snapshot with this id is already on the server (delete it first, "
                         "or restore the one that is there)";
        } else if (sent->status == 400) {
            e.id = "rejected";
            e.message += "; the server cannot read this archive as a snapshot";
        }
        return core::fail(e.with_context(what));
    }
    std::string id = std::filesystem::path(name).stem().string();
    auto list = list_snapshots();
    if (!list) return core::fail(list.error().with_context(what));
    auto it = std::find_if(list->begin(), list->end(), [&](const auto& r) { return r.id == id; });
    if (it == list->end()) {
        return core::fail(core::Errc::remote,
                          what + ": the server accepted the upload but does not list " +
                              core::quote(id),
                          "not-found");
    }
    return *it;
}

bool KantegaClient::is_missing_delete_endpoint(const core::Error& e)
{
    return e.id == "http-404" || e.id == "http-405" || e.id == "http-501";
}

core::Result<void> KantegaClient::delete_snapshot(const std::string& id)
{
    auto rq =
        make(Method::del, expand_path(m_config.paths.remove, m_config.paths.snapshot_version, id));
    auto r = call(rq, "deleting snapshot " + core::quote(id),
                  transfer_hint("--delete-path", m_config.paths.remove));
    if (!r) return core::fail(r.error());
    return {};
}

core::Result<TokenList> KantegaClient::list_tokens()
{
    const std::string what = "listing API tokens on " + redact_url(m_config.base_url);
    auto r = call(make(Method::get, tokens_path(m_config.paths)), what,
                  "API tokens need Kantega SSO with token support; check --tokens-api-version");
    if (!r) return core::fail(r.error());
    return parse_token_list(r->body).with_context(what);
}

core::Result<CreatedToken> KantegaClient::create_token(const TokenRequest& request)
{
    const std::string what = "creating an API token on " + redact_url(m_config.base_url);
    auto rq = make(Method::post, tokens_path(m_config.paths));
    rq.body = BodySource::text(token_request_json(request), k_json);
    auto r = call(rq, what);
    if (!r) return core::fail(r.error());
    return parse_created_token(r->body).with_context(what);
}

core::Result<void> KantegaClient::revoke_token(const std::string& id)
{
    auto rq = make(Method::del,
                   expand_path(m_config.paths.token_revoke, m_config.paths.tokens_version, id));
    auto r = call(rq, "revoking API token " + core::quote(id),
                  "no such token, or the server has no endpoint at the assumed path " +
                      core::quote(m_config.paths.token_revoke) +
                      " (override it with --token-revoke-path)");
    if (!r) return core::fail(r.error());
    return {};
}

}  // namespace ssosnap::rest
