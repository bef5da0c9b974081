#include "s3/client.hpp"

#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "rest/url.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace ssosnap::s3
{

namespace
{

bool is_success(long status)
{
    return status >= 200 && status < 300;
}

std::string encode_key(std::string_view key)
{
    std::string out;
    while (true) {
        auto slash = key.find('/');
        out += rest::escape_component(key.substr(0, slash));
        if (slash == std::string_view::npos) break;
        out += '/';
        key.remove_prefix(slash + 1);
    }
    return out;
}

std::string bounded(std::string_view text)
{
    constexpr std::size_t k_max = 300;
    std::string s = core::escape_controls(text.substr(0, k_max));
    if (text.size() > k_max) s += "…";
    return s;
}

}  // namespace

core::Error answer_error(rest::Method method, const Location& at, const rest::Response& response)
{
    auto parsed = parse_error(response.body);
    std::string code = parsed ? parsed->code : "";
    if (code.empty()) {
        if (response.status == 404) code = at.key.empty() ? "NoSuchBucket" : "NoSuchKey";
        if (response.status == 403) code = "AccessDenied";
    }
    std::string what = std::string(rest::method_name(method)) + " " + at.text();
    std::string detail =
        code.empty()
            ? "HTTP " + std::to_string(response.status)
            : bounded(code) +
                  (parsed && !parsed->message.empty() ? ": " + bounded(parsed->message) : "") +
                  " (HTTP " + std::to_string(response.status) + ")";
    static constexpr std::array k_auth_codes{"SignatureDoesNotMatch",
                                             "AccessDenied",
                                             "InvalidAccessKeyId",
                                             "ExpiredToken",
                                             "InvalidToken",
                                             "TokenRefreshRequired",
                                             "AuthorizationHeaderMalformed",
                                             "AllAccessDisabled",
                                             "AccountProblem"};
    bool auth = std::find(k_auth_codes.begin(), k_auth_codes.end(), code) != k_auth_codes.end() ||
                response.status == 401;
    if (auth) {
        return {core::Errc::auth,
                "S3 refused " + what + ": " + detail +
                    "; check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), the region "
                    "and the bucket's policy",
                "s3-denied"};
    }
    if (code == "NoSuchKey" || code == "NoSuchBucket" || response.status == 404) {
        std::string missing = code == "NoSuchBucket" ? "bucket s3://" + at.bucket : at.text();
        return {core::Errc::input, missing + " does not exist (" + detail + ")", "s3-not-found"};
    }
    return {core::Errc::remote, "S3 " + what + " failed: " + detail, "s3-error"};
}

Client::Client(Settings settings, rest::Transport& transport)
    : m_settings(std::move(settings)), m_transport(transport)
{
}

std::string Client::url(const Location& at,
                        std::vector<std::pair<std::string, std::string>> query) const
{
    std::string base;
    if (m_settings.path_style) {
        base = m_settings.endpoint + "/" + at.bucket;
    } else {
        auto scheme_end = m_settings.endpoint.find("://") + 3;
        base = m_settings.endpoint.substr(0, scheme_end) + at.bucket + "." +
               m_settings.endpoint.substr(scheme_end);
    }
    std::string u = base + "/" + encode_key(at.key);
    // libcurl signs the query as written: sorted by name, each part encoded.
    std::sort(query.begin(), query.end());
    for (std::size_t i = 0; i < query.size(); ++i) {
        u += (i == 0 ? '?' : '&');
        u += rest::escape_component(query[i].first) + "=" + rest::escape_component(query[i].second);
    }
    return u;
}

rest::Request Client::request(rest::Method method, std::string url) const
{
    rest::Request rq;
    rq.method = method;
    rq.url = std::move(url);
    rq.auth.scheme = rest::AuthScheme::aws_sigv4;
    rq.auth.user = m_settings.access_key;
    rq.auth.secret = m_settings.secret_key;
    rq.aws_sigv4 = "aws:amz:" + m_settings.region + ":s3";
    if (!m_settings.session_token.empty())
        rq.headers.emplace_back("x-amz-security-token", m_settings.session_token);
    rq.retry_safe = method == rest::Method::put || method == rest::Method::del;
    return rq;
}

core::Result<rest::Response> Client::send(const rest::Request& rq, const Location& at)
{
    auto r = m_transport.send(rq);
    if (!r) return r;
    if (!is_success(r->status)) return core::fail(answer_error(rq.method, at, *r));
    return r;
}

core::Result<void> Client::put_file(const Location& at, const std::filesystem::path& file,
                                    const std::string& sha256_hex, const Metadata& metadata,
                                    const rest::ProgressFn& progress)
{
    auto rq = request(rest::Method::put, url(at));
    rq.body = rest::BodySource::file(file, "application/octet-stream");
    rq.headers.emplace_back("x-amz-content-sha256", sha256_hex);
    rq.headers.emplace_back("x-amz-meta-sha256", sha256_hex);
    for (const auto& [k, v] : metadata)
        rq.headers.emplace_back("x-amz-meta-" + k, v);
    rq.upload_progress = progress;
    SSOSNAP_TRY(send(rq, at));
    return {};
}

core::Result<void> Client::put_bytes(const Location& at, std::string bytes,
                                     const std::string& content_type, const Metadata& metadata)
{
    auto rq = request(rest::Method::put, url(at));
    std::string hash = core::sha256_hex(bytes);
    rq.body = rest::BodySource::text(std::move(bytes), content_type);
    rq.headers.emplace_back("x-amz-content-sha256", hash);
    for (const auto& [k, v] : metadata)
        rq.headers.emplace_back("x-amz-meta-" + k, v);
    SSOSNAP_TRY(send(rq, at));
    return {};
}

core::Result<std::string> Client::get_bytes(const Location& at, std::uint64_t max_bytes)
{
    std::string body;
    rest::BodySink sink;
    sink.max_bytes = max_bytes;
    sink.write = [&body, max_bytes](std::string_view chunk) -> core::Result<void> {
        if (body.size() + chunk.size() > max_bytes) {
            return core::fail(core::Errc::remote,
                              "the object is larger than " + std::to_string(max_bytes) + " bytes",
                              "too-large");
        }
        body.append(chunk);
        return {};
    };
    sink.reset = [&body]() -> core::Result<void> {
        body.clear();
        return {};
    };
    SSOSNAP_TRY(get_to(at, std::move(sink)));
    return body;
}

std::optional<ContentRange> parse_content_range(std::string_view v)
{
    if (!v.starts_with("bytes ")) return std::nullopt;
    v.remove_prefix(6);
    ContentRange r;
    const char* p = v.data();
    const char* end = v.data() + v.size();
    // One number, then `sep` unless it is the last.
    auto number = [&p, end](std::uint64_t& field, char sep) {
        auto [next, ec] = std::from_chars(p, end, field);
        if (ec != std::errc() || next == p) return false;
        p = next;
        if (sep == '\0') return true;
        if (p == end || *p != sep) return false;
        ++p;
        return true;
    };
    if (!number(r.first, '-') || !number(r.last, '/') || !number(r.total, '\0'))
        return std::nullopt;
    if (p != end || r.first > r.last || r.last >= r.total) return std::nullopt;
    return r;
}

core::Result<void> Client::get_range(const Location& at, std::uint64_t offset, std::size_t n,
                                     std::uint64_t object_size, char* dst)
{
    if (n == 0 || offset > object_size || n > object_size - offset) {
        return core::fail(core::Errc::internal, "a range outside " + at.text(), "internal");
    }
    auto rq = request(rest::Method::get, url(at));
    rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
    rq.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-" +
                                         std::to_string(offset + n - 1));
    std::size_t got = 0;
    rest::BodySink sink;
    sink.max_bytes = n;
    sink.write = [&got, n, dst](std::string_view chunk) -> core::Result<void> {
        if (chunk.size() > n - got) {  // the transport's bound stops this first
            return core::fail(core::Errc::remote, "more bytes than asked for", "too-large");
        }
        std::memcpy(dst + got, chunk.data(), chunk.size());
        got += chunk.size();
        return {};
    };
    sink.reset = [&got]() -> core::Result<void> {
        got = 0;
        return {};
    };
    rq.sink = std::move(sink);
    auto r = send(rq, at);
    const bool whole = offset == 0 && n == object_size;
    if (!r) {
        if (r.error().id != "too-large" || whole) return core::fail(r.error());
        return core::fail(core::Errc::remote,
                          "the S3 server answered a Range request for " + at.text() +
                              " with more than the " + std::to_string(n) + " bytes asked for",
                          "s3-no-range");
    }
    const auto bad = [&at](const std::string& why) {
        return core::fail(core::Errc::remote,
                          "the S3 server answered a Range request for " + at.text() + " with " +
                              why,
                          "s3-bad-answer");
    };
    if (r->status != 206 && !(r->status == 200 && whole)) {
        return bad("HTTP " + std::to_string(r->status) + " instead of 206");
    }
    if (got != n) return bad(std::to_string(got) + " bytes instead of " + std::to_string(n));
    if (r->status == 206) {
        auto range = parse_content_range(r->header("content-range").value_or(""));
        if (!range) return bad("no usable Content-Range");
        if (range->total != object_size) {
            return core::fail(core::Errc::remote,
                              at.text() + " is " + std::to_string(range->total) +
                                  " bytes long now, not the " + std::to_string(object_size) +
                                  " bytes it was listed with",
                              "s3-size-mismatch");
        }
        if (range->first != offset || range->last != offset + n - 1)
            return bad("another range than the one asked for");
    }
    return {};
}

core::Result<void> Client::get_to(const Location& at, rest::BodySink sink,
                                  const rest::ProgressFn& progress)
{
    auto rq = request(rest::Method::get, url(at));
    rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
    rq.sink = std::move(sink);
    rq.download_progress = progress;
    SSOSNAP_TRY(send(rq, at));
    return {};
}

core::Result<std::optional<ObjectHead>> Client::head(const Location& at)
{
    auto rq = request(rest::Method::head, url(at));
    rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
    auto r = m_transport.send(rq);
    if (!r) return core::fail(r.error());
    if (r->status == 404) return std::optional<ObjectHead>{};
    if (!is_success(r->status)) return core::fail(answer_error(rq.method, at, *r));
    ObjectHead h;
    auto length = r->header("content-length").value_or("");
    auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), h.size);
    if (ec != std::errc() || length.empty()) {
        return core::fail(core::Errc::remote,
                          "the S3 server sent no Content-Length for " + at.text(), "s3-bad-answer");
    }
    h.etag = r->header("etag").value_or("");
    if (h.etag.size() >= 2 && h.etag.front() == '"') h.etag = h.etag.substr(1, h.etag.size() - 2);
    for (const auto& [k, v] : r->headers)
        if (k.starts_with("x-amz-meta-")) h.metadata.emplace_back(k.substr(11), v);
    return std::optional<ObjectHead>{std::move(h)};
}

core::Result<std::vector<ListedObject>> Client::list(const Location& folder, int page_size)
{
    std::vector<ListedObject> all;
    std::string token;
    Location bucket{folder.bucket, ""};
    for (int page = 0;; ++page) {
        if (page >= 10'000 || all.size() >= 1'000'000) {
            return core::fail(core::Errc::remote,
                              "more than 1,000,000 objects under " + folder.text(),
                              "s3-bad-answer");
        }
        std::vector<std::pair<std::string, std::string>> query{
            {"list-type", "2"}, {"max-keys", std::to_string(page_size)}, {"prefix", folder.key}};
        if (!token.empty()) query.emplace_back("continuation-token", token);
        auto rq = request(rest::Method::get, url(bucket, std::move(query)));
        rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
        auto r = send(rq, bucket);
        if (!r) return core::fail(r.error());
        auto parsed = parse_list_page(r->body);
        if (!parsed) return core::fail(parsed.error());
        for (auto& o : parsed->objects) {
            if (!o.key.starts_with(folder.key)) {
                return core::fail(core::Errc::remote,
                                  "the S3 server listed a key outside " + folder.text() + ": " +
                                      core::quote(o.key),
                                  "s3-bad-answer");
            }
            all.push_back(std::move(o));
        }
        if (!parsed->truncated) break;
        if (parsed->next_token == token) {
            return core::fail(core::Errc::remote, "the S3 server repeated a continuation token",
                              "s3-bad-answer");
        }
        token = parsed->next_token;
    }
    return all;
}

core::Result<void> Client::remove(const Location& at)
{
    auto rq = request(rest::Method::del, url(at));
    rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
    auto r = m_transport.send(rq);
    if (!r) return core::fail(r.error());
    if (r->status == 404 || is_success(r->status)) return {};
    return core::fail(answer_error(rq.method, at, *r));
}

core::Result<void> Client::create_bucket(const std::string& bucket)
{
    Location at{bucket, ""};
    auto rq = request(rest::Method::put, url(at));
    rq.headers.emplace_back("x-amz-content-sha256", std::string(k_empty_sha256));
    auto r = m_transport.send(rq);
    if (!r) return core::fail(r.error());
    if (is_success(r->status)) return {};
    auto parsed = parse_error(r->body);
    if (parsed && parsed->code == "BucketAlreadyOwnedByYou") return {};
    return core::fail(answer_error(rq.method, at, *r));
}

}  // namespace ssosnap::s3
