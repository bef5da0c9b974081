#include "rest/curl_transport.hpp"

#include "core/strings.hpp"
#include "rest/libcurl.hpp"
#include "rest/url.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <system_error>

namespace ssosnap::rest
{
namespace
{

void global_init()
{
    if (!libcurl::loaded()) return;
    static std::once_flag once;
    std::call_once(once, [] { libcurl::global_init(CURL_GLOBAL_DEFAULT); });
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

struct SlistDeleter {
    void operator()(curl_slist* l) const { libcurl::slist_free_all(l); }
};
struct MimeDeleter {
    void operator()(curl_mime* m) const { libcurl::mime_free(m); }
};

// State of one transfer, shared with the C callbacks through a void*.
struct Transfer {
    CURL* curl = nullptr;
    std::FILE* upload = nullptr;  // BodySource::Kind::file, read by on_read
    const Request* request = nullptr;
    Response response;
    std::uint64_t max_memory_body = 0;
    bool to_sink = false;
    std::uint64_t sink_bytes = 0;        // handed to the sink so far
    bool decided = false;                // whether the body goes to the sink was decided
    std::optional<core::Error> failure;  // a sink or size failure that aborted curl
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        t->response.headers.clear();  // a new response (after 100 Continue or a proxy)
        return size * count;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        t->response.headers.emplace_back(core::to_lower(core::trim(line.substr(0, colon))),
                                         std::string(core::trim(line.substr(colon + 1))));
    }
    return size * count;
}

// A body announced (Content-Length) larger than `limit` is refused before a byte is written.
std::optional<core::Error> check_announced_size(const Response& response, std::uint64_t limit)
{
    auto length = response.header("content-length");
    if (limit == 0 || !length) return std::nullopt;
    std::uint64_t announced = 0;
    auto text = core::trim(*length);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), announced);
    // A length too large for 64 bits is larger than any limit too.
    if (ec != std::errc::result_out_of_range &&
        (ec != std::errc() || end != text.data() + text.size() || announced <= limit))
        return std::nullopt;
    return core::Error{core::Errc::remote,
                       "the server announces a body of " + std::string(text) +
                           " bytes (Content-Length), more than the limit of " +
                           std::to_string(limit) + " bytes",
                       "too-large"};
}

// The length Content-Length announces when it is a plain number (what a sink may expect).
std::optional<std::uint64_t> announced_length(const Response& response)
{
    auto length = response.header("content-length");
    if (!length) return std::nullopt;
    auto text = core::trim(*length);
    std::uint64_t announced = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), announced);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return announced;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::string_view chunk(data, size * count);
    if (!t->decided) {
        long status = 0;
        libcurl::easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
        t->to_sink = t->request->sink && status >= 200 && status < 300;
        t->decided = true;
        if (t->to_sink) {
            const BodySink& sink = *t->request->sink;
            if (auto refused = check_announced_size(t->response, sink.max_bytes)) {
                t->failure = std::move(*refused);
                return 0;
            }
            if (sink.expect) {
                if (auto length = announced_length(t->response)) sink.expect(*length);
            }
        }
    }
    if (t->to_sink) {
        // Checked before a byte reaches the sink: a body without Content-Length that grows past
        // the bound stops there, whatever the sink does.
        const std::uint64_t limit = t->request->sink->max_bytes;
        if (limit != 0 && chunk.size() > limit - t->sink_bytes) {
            t->failure = core::Error{core::Errc::remote,
                                     "the server sent more than the limit of " +
                                         std::to_string(limit) + " bytes",
                                     "too-large"};
            return 0;
        }
        t->sink_bytes += chunk.size();
        auto r = t->request->sink->write(chunk);
        if (!r) {
            t->failure = r.error();
            return 0;
        }
        return chunk.size();
    }
    if (t->response.body.size() + chunk.size() > t->max_memory_body) {
        t->failure = core::Error{core::Errc::remote,
                                 "response body larger than " + std::to_string(t->max_memory_body) +
                                     " bytes",
                                 "too-large"};
        return 0;
    }
    t->response.body.append(chunk);
    return chunk.size();
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::size_t got = std::fread(buffer, 1, size * count, t->upload);
    if (got == 0 && std::ferror(t->upload)) return CURL_READFUNC_ABORT;
    return got;
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow)
{
    auto* t = static_cast<Transfer*>(user);
    const auto& rq = *t->request;
    if (rq.upload_progress && ultotal > 0) {
        rq.upload_progress(static_cast<std::uint64_t>(ulnow), static_cast<std::uint64_t>(ultotal));
    }
    if (rq.download_progress && t->to_sink) {
        rq.download_progress(static_cast<std::uint64_t>(dlnow),
                             static_cast<std::uint64_t>(dltotal));
    }
    return 0;
}

std::string origin_text(const std::string& url)
{
    auto o = parse_origin(url);
    if (!o) return redact_url(url);
    return o->scheme + "://" + o->host + ":" + std::to_string(o->port);
}

/// What failed, said once: the system's reason when there is one ("connection refused"),
/// not libcurl's sentence that repeats the address and "Couldn't connect to server".
std::string connect_detail(const std::string& detail, long os_errno)
{
    std::string text =
        os_errno != 0 ? std::generic_category().message(static_cast<int>(os_errno)) : detail;
    if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'a' && text[1] <= 'z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

core::Error curl_error(CURLcode code, const char* errbuf, const std::string& url,
                       const CurlOptions& options, long os_errno)
{
    std::string detail = errbuf[0] ? errbuf : libcurl::easy_strerror(code);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == '.'))
        detail.pop_back();
    std::string where = origin_text(url);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        // Nothing listens there: said at once, and not retried (a server that is down or a
        // wrong port; the retries only repeated the same line).
        if (os_errno == ECONNREFUSED) {
            return {core::Errc::remote,
                    "cannot connect to " + where +
                        ": connection refused; is the server running, and is --url right?",
                    "connection-refused"};
        }
        [[fallthrough]];
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return {core::Errc::remote,
                "cannot connect to " + where + ": " + connect_detail(detail, os_errno) +
                    "; check --url, the network and any proxy settings (http_proxy, "
                    "https_proxy, no_proxy)",
                "connect"};
    case CURLE_OPERATION_TIMEDOUT:
        return {core::Errc::remote,
                "no answer from " + where + " in time: " + detail +
                    "; raise --connect-timeout or --timeout (seconds) if the server is slow",
                "timeout"};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return {core::Errc::remote,
                "TLS verification failed for " + where + ": " + detail +
                    "; if the server uses a private CA run with --cacert FILE (--insecure "
                    "skips verification, not recommended)",
                "tls"};
    case CURLE_SSL_CACERT_BADFILE:
        return {core::Errc::input,
                "cannot use the CA file " + core::quote(options.ca_file.string()) + ": " + detail,
                "cacert"};
    case CURLE_READ_ERROR:
        return {core::Errc::input, "cannot read the request body: " + detail, "read"};
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return {core::Errc::remote, "connection to " + where + " broke: " + detail, "transfer"};
    default:
        return {core::Errc::remote, "request to " + where + " failed: " + detail, "curl"};
    }
}

std::string host_port(const Origin& o)
{
    const bool ipv6 = o.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + o.host + "]" : o.host) + ":" + std::to_string(o.port);
}

/// Returns true when `o` completes a TLS handshake: a fresh handle, connect only (no request,
/// no credentials), no certificate check (only the protocol matters here), a short timeout.
bool speaks_tls(const Origin& o)
{
    CURL* probe = libcurl::easy_init();
    if (probe == nullptr) return false;
    const std::string url = "https://" + host_port(o) + "/";
    libcurl::easy_setopt(probe, CURLOPT_URL, url.c_str());
    libcurl::easy_setopt(probe, CURLOPT_PROTOCOLS_STR, "https");
    libcurl::easy_setopt(probe, CURLOPT_CONNECT_ONLY, 1L);
    libcurl::easy_setopt(probe, CURLOPT_SSL_VERIFYPEER, 0L);
    libcurl::easy_setopt(probe, CURLOPT_SSL_VERIFYHOST, 0L);
    libcurl::easy_setopt(probe, CURLOPT_NOSIGNAL, 1L);
    libcurl::easy_setopt(probe, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    libcurl::easy_setopt(probe, CURLOPT_TIMEOUT_MS, 5000L);
    const CURLcode rc = libcurl::easy_perform(probe);
    libcurl::easy_cleanup(probe);
    return rc == CURLE_OK;
}

/// The error for a URL whose scheme does not match what its port speaks, or nothing:
/// https:// to a plain-HTTP port (OpenSSL reads the HTTP answer as a TLS record of a "wrong
/// version number"), or http:// to a TLS port (no HTTP answer; a handshake then proves TLS).
std::optional<core::Error> scheme_mismatch(CURLcode code, const std::string& detail,
                                           const std::string& url)
{
    auto o = parse_origin(url);
    if (!o) return std::nullopt;
    const std::string where = host_port(*o);
    if (o->scheme == "https" && code == CURLE_SSL_CONNECT_ERROR &&
        detail.find("wrong version number") != std::string::npos) {
        return core::Error{core::Errc::remote,
                           "https://" + where +
                               " answers in plain HTTP, not TLS: that port serves http://, not "
                               "https://; use the server's https port (or http://" +
                               where + ", which sends credentials in clear)",
                           "plain-http-port"};
    }
    const bool no_http_answer = code == CURLE_GOT_NOTHING || code == CURLE_RECV_ERROR ||
                                code == CURLE_WEIRD_SERVER_REPLY ||
                                code == CURLE_UNSUPPORTED_PROTOCOL;
    if (o->scheme == "http" && no_http_answer && speaks_tls(*o)) {
        return core::Error{core::Errc::remote,
                           "http://" + where +
                               " gave no HTTP answer, and that port speaks TLS: it serves "
                               "https://, not http://; use https://" +
                               where,
                           "tls-port"};
    }
    return std::nullopt;
}

bool is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

struct CurlTransport::Impl {
    CurlOptions options;
    CURL* curl = nullptr;

    core::Result<Response> perform(const Request& rq, const std::string& url);
    core::Result<void> set_body(const Request& rq, std::unique_ptr<curl_mime, MimeDeleter>& mime,
                                std::unique_ptr<curl_slist, SlistDeleter>& headers);
    void set_common(const std::string& url);
};

CurlTransport::CurlTransport(CurlOptions options) : m_impl(std::make_unique<Impl>())
{
    global_init();
    m_impl->options = std::move(options);
    if (libcurl::loaded()) m_impl->curl = libcurl::easy_init();  // else send() fails
}

CurlTransport::~CurlTransport()
{
    if (m_impl->curl) libcurl::easy_cleanup(m_impl->curl);
}

void CurlTransport::Impl::set_common(const std::string& url)
{
    libcurl::easy_reset(curl);  // keeps the connection cache
    libcurl::easy_setopt(curl, CURLOPT_URL, url.c_str());
    libcurl::easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    libcurl::easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    // Redirects are handled in send(): curl must never follow one with our credentials.
    libcurl::easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    libcurl::easy_setopt(curl, CURLOPT_UNRESTRICTED_AUTH, 0L);
    libcurl::easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
    libcurl::easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
    if (!options.ca_file.empty())
        libcurl::easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    libcurl::easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options.connect_timeout.count()));
    libcurl::easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(options.total_timeout.count()));
    libcurl::easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
    // libcurl's largest receive buffer (CURL_MAX_READ_SIZE) instead of its default 16 KiB: a
    // 200 MiB download took 13,000 recv + write + poll rounds, now about 400.
    libcurl::easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024);
}

core::Result<void> CurlTransport::Impl::set_body(const Request& rq,
                                                 std::unique_ptr<curl_mime, MimeDeleter>& mime,
                                                 std::unique_ptr<curl_slist, SlistDeleter>& headers)
{
    const auto& body = rq.body;
    if (rq.method == Method::post) {
        libcurl::easy_setopt(curl, CURLOPT_POST, 1L);
        if (body.kind == BodySource::Kind::none) {
            libcurl::easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
            libcurl::easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        }
    } else if (rq.method == Method::del) {
        libcurl::easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
    } else if (rq.method == Method::head) {
        libcurl::easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (rq.method == Method::put && body.kind != BodySource::Kind::file) {
        libcurl::easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
        if (body.kind == BodySource::Kind::none) {
            libcurl::easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
            libcurl::easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        }
    }
    if (body.kind == BodySource::Kind::bytes) {
        libcurl::easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(body.bytes.size()));
        libcurl::easy_setopt(curl, CURLOPT_POSTFIELDS, body.bytes.c_str());
        headers.reset(libcurl::slist_append(headers.release(),
                                            ("Content-Type: " + body.content_type).c_str()));
    } else if (body.kind == BodySource::Kind::form_file) {
        // Checked here so an unreadable local file is an input error, not a remote one.
        std::ifstream probe(body.path, std::ios::binary);
        if (!probe) {
            return core::fail(core::Errc::input, "cannot read " + core::quote(body.path.string()),
                              "read");
        }
        mime.reset(libcurl::mime_init(curl));
        curl_mimepart* part = libcurl::mime_addpart(mime.get());
        libcurl::mime_name(part, body.form_field.empty() ? "file" : body.form_field.c_str());
        libcurl::mime_filedata(part, body.path.c_str());  // streamed by curl, never loaded
        std::string name =
            body.form_file_name.empty() ? body.path.filename().string() : body.form_file_name;
        libcurl::mime_filename(part, name.c_str());
        libcurl::mime_type(part, body.content_type.empty() ? "application/zip"
                                                           : body.content_type.c_str());
        libcurl::easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
    } else if (body.kind == BodySource::Kind::file) {
        // Opened by perform() (the FILE* lives in its Transfer); the size goes here.
        std::error_code ec;
        auto size = std::filesystem::file_size(body.path, ec);
        if (ec) {
            return core::fail(core::Errc::input, "cannot read " + core::quote(body.path.string()),
                              "read");
        }
        libcurl::easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        libcurl::easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
        if (!body.content_type.empty()) {
            headers.reset(libcurl::slist_append(headers.release(),
                                                ("Content-Type: " + body.content_type).c_str()));
        }
    } else if (body.kind == BodySource::Kind::form_bytes) {
        mime.reset(libcurl::mime_init(curl));
        curl_mimepart* part = libcurl::mime_addpart(mime.get());
        libcurl::mime_name(part, body.form_field.empty() ? "file" : body.form_field.c_str());
        libcurl::mime_data(part, body.bytes.data(), body.bytes.size());  // curl copies them
        libcurl::mime_filename(part, body.form_file_name.c_str());
        libcurl::mime_type(part, body.content_type.empty() ? "application/zip"
                                                           : body.content_type.c_str());
        libcurl::easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
    }
    return {};
}

core::Result<Response> CurlTransport::Impl::perform(const Request& rq, const std::string& url)
{
    if (!curl) return core::fail(core::Errc::internal, "curl_easy_init failed", "curl");
    set_common(url);
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    std::unique_ptr<curl_mime, MimeDeleter> mime;
    SSOSNAP_TRY(set_body(rq, mime, headers));
    for (const auto& [k, v] : rq.headers)
        headers.reset(libcurl::slist_append(headers.release(), (k + ": ").append(v).c_str()));
    std::string auth_header;
    switch (rq.auth.scheme) {
    case AuthScheme::basic:
        libcurl::easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        libcurl::easy_setopt(curl, CURLOPT_USERNAME, rq.auth.user.c_str());
        libcurl::easy_setopt(curl, CURLOPT_PASSWORD, rq.auth.secret.c_str());
        break;
    case AuthScheme::ksso_token:
        auth_header = "Authorization: ksso-token " + rq.auth.secret;
        break;
    case AuthScheme::bearer:
        auth_header = "Authorization: Bearer " + rq.auth.secret;
        break;
    case AuthScheme::aws_sigv4:
        libcurl::easy_setopt(curl, CURLOPT_AWS_SIGV4, rq.aws_sigv4.c_str());
        libcurl::easy_setopt(curl, CURLOPT_USERNAME, rq.auth.user.c_str());
        libcurl::easy_setopt(curl, CURLOPT_PASSWORD, rq.auth.secret.c_str());
        break;
    case AuthScheme::none:
        break;
    }
    if (!auth_header.empty())
        headers.reset(libcurl::slist_append(headers.release(), auth_header.c_str()));
    if (headers) libcurl::easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

    Transfer t;
    t.curl = curl;
    std::unique_ptr<std::FILE, FileCloser> upload;
    if (rq.body.kind == BodySource::Kind::file) {
        upload.reset(std::fopen(rq.body.path.c_str(), "rb"));
        if (!upload) {
            return core::fail(core::Errc::input,
                              "cannot read " + core::quote(rq.body.path.string()), "read");
        }
        t.upload = upload.get();
        libcurl::easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
        libcurl::easy_setopt(curl, CURLOPT_READDATA, &t);
    }
    t.request = &rq;
    t.max_memory_body = options.max_memory_body;
    t.response.url = url;
    libcurl::easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    libcurl::easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    libcurl::easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    libcurl::easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    libcurl::easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    libcurl::easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    libcurl::easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    char errbuf[CURL_ERROR_SIZE] = {0};
    libcurl::easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = libcurl::easy_perform(curl);
    // Wipe what referenced the secret and the stack objects before they go away.
    libcurl::easy_setopt(curl, CURLOPT_PASSWORD, "");
    libcurl::easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    libcurl::easy_setopt(curl, CURLOPT_MIMEPOST, nullptr);
    libcurl::easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (t.failure) return core::fail(*t.failure);
    if (rc != CURLE_OK) {
        if (auto mixed = scheme_mismatch(rc, errbuf, url)) return core::fail(*mixed);
        long os_errno = 0;
        libcurl::easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
        return core::fail(curl_error(rc, errbuf, url, options, os_errno));
    }
    libcurl::easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.response.status);
    return std::move(t.response);
}

core::Result<Response> CurlTransport::send(const Request& request)
{
    auto first_origin = parse_origin(request.url);
    if (!first_origin) return core::fail(first_origin.error());
    std::string url = request.url;
    for (int hop = 0;; ++hop) {
        auto response = m_impl->perform(request, url);
        if (!response || !is_redirect(response->status)) return response;
        auto location = response->header("location");
        if (!location) return response;
        std::string target = resolve_location(url, *location);
        auto origin = parse_origin(target);
        bool keeps_method =
            request.method == Method::get || response->status == 307 || response->status == 308;
        if (!origin || !(*origin == *first_origin) || !keeps_method) {
            return core::fail(core::Errc::remote,
                              "the server redirected " + std::string(method_name(request.method)) +
                                  " " + redact_url(url) + " to " + redact_url(target) +
                                  "; not following it with credentials: if that is the right "
                                  "server, use its address as --url",
                              "redirect");
        }
        if (hop + 1 >= m_impl->options.max_redirects) {
            return core::fail(core::Errc::remote, "too many redirects from " + redact_url(url),
                              "redirect");
        }
        url = target;  // redirect bodies never reached the sink (not 2xx)
    }
}

}  // namespace ssosnap::rest
