#pragma once
// An S3 client over the REST module's transport: libcurl signs each request (SigV4,
// CURLOPT_AWS_SIGV4). Debian 12's libcurl 7.88 neither sends x-amz-content-sha256 nor hashes a
// streamed PUT body, and signs the query string as written: so this client always sends the
// body's SHA-256 in x-amz-content-sha256 and builds every query sorted and encoded.
//
// Errors speak S3: the <Error><Code> of the answer decides the class — SignatureDoesNotMatch,
// AccessDenied, InvalidAccessKeyId, ExpiredToken, ... are Errc::auth (exit 5, id "s3-denied");
// NoSuchBucket, NoSuchKey and a 404 are Errc::input (exit 3, id "s3-not-found", naming the
// location); anything else is Errc::remote (exit 4, id "s3-error"). The code and message are
// quoted, escaped and bounded. Retries (500, 503 SlowDown, broken connections) belong to the
// transport given (rest::RetryingTransport); PUT and DELETE of whole objects are retry-safe.

#include "core/result.hpp"
#include "rest/transport.hpp"
#include "s3/location.hpp"
#include "s3/settings.hpp"
#include "s3/xml.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssosnap::s3
{

/// User metadata of an object (x-amz-meta-NAME: value); names lower-case.
using Metadata = std::vector<std::pair<std::string, std::string>>;

struct ObjectHead {
    std::uint64_t size = 0;
    std::string etag;
    Metadata metadata;
};

/// The SHA-256 of no bytes, in hex (the x-amz-content-sha256 of a request without a body).
inline constexpr std::string_view k_empty_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

class Client
{
public:
    /// `transport` must outlive the client.
    Client(Settings settings, rest::Transport& transport);

    const Settings& settings() const { return m_settings; }

    /// PUT `file` as the object `at`, streamed; `sha256_hex` is the file's SHA-256, sent as
    /// x-amz-content-sha256 (the server checks the body against it) and kept as the object's
    /// metadata "sha256". An object appears whole or not at all (S3's PUT).
    core::Result<void> put_file(const Location& at, const std::filesystem::path& file,
                                const std::string& sha256_hex, const Metadata& metadata = {},
                                const rest::ProgressFn& progress = {});
    /// PUT bytes held in memory (a sidecar, a record).
    core::Result<void> put_bytes(const Location& at, std::string bytes,
                                 const std::string& content_type, const Metadata& metadata = {});
    /// GET the object into memory; more than `max_bytes` fails (Errc::remote, "too-large").
    core::Result<std::string> get_bytes(const Location& at, std::uint64_t max_bytes);
    /// GET bytes [offset, offset + n) of the object, which the listing said is `object_size`
    /// bytes long, into `dst` (a Range request; the answer must be 206 with exactly that
    /// Content-Range and length). Fails with Errc::remote: "s3-no-range" when the server
    /// answers with the whole object instead (the caller may fetch it whole), "s3-bad-answer"
    /// for any other range or length, "s3-size-mismatch" when the object is no longer
    /// `object_size` bytes long.
    core::Result<void> get_range(const Location& at, std::uint64_t offset, std::size_t n,
                                 std::uint64_t object_size, char* dst);
    /// GET the object into `sink` (a file being written).
    core::Result<void> get_to(const Location& at, rest::BodySink sink,
                              const rest::ProgressFn& progress = {});
    /// HEAD: nullopt when the object does not exist.
    core::Result<std::optional<ObjectHead>> head(const Location& at);
    /// Every object whose key starts with `folder.key`, following continuation tokens
    /// (`page_size` keys a page, at most 1,000,000 objects in all).
    core::Result<std::vector<ListedObject>> list(const Location& folder, int page_size = 1000);
    /// DELETE the object (no error when it is already gone).
    core::Result<void> remove(const Location& at);
    /// PUT the bucket (creates it; an existing bucket of ours is fine).
    core::Result<void> create_bucket(const std::string& bucket);

    /// The request URL of `at` with the query `query` (name → value, sorted and encoded here).
    std::string url(const Location& at,
                    std::vector<std::pair<std::string, std::string>> query = {}) const;

private:
    rest::Request request(rest::Method method, std::string url) const;
    core::Result<rest::Response> send(const rest::Request& rq, const Location& at);

    Settings m_settings;
    rest::Transport& m_transport;
};

/// A Content-Range header's "bytes FIRST-LAST/TOTAL".
struct ContentRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::uint64_t total = 0;
};

/// Parses a Content-Range header: nullopt for anything but "bytes FIRST-LAST/TOTAL" with
/// FIRST <= LAST < TOTAL (a server's text, so every number is checked).
std::optional<ContentRange> parse_content_range(std::string_view value);

/// The error for a non-2xx answer to `method` on `at` (see the file comment).
core::Error answer_error(rest::Method method, const Location& at, const rest::Response& response);

}  // namespace ssosnap::s3
