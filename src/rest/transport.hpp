#pragma once
// The HTTP seam of the REST client: a Request goes in, a Response (or a transport error)
// comes out. CurlTransport talks to real servers; FakeTransport (tests/support) records
// requests for tests; RetryingTransport wraps either. Bodies can stream from and to files so a
// snapshot never has to fit in memory.

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssosnap::rest
{

enum class Method { get, post, del, put, head };

/// Returns "GET", "POST", "DELETE", "PUT" or "HEAD".
const char* method_name(Method method);

/// Returns true for methods that may be repeated without changing the result (GET, HEAD).
/// A request can say more with Request::retry_safe (an S3 PUT or DELETE).
bool is_idempotent(Method method);

/// How a request authenticates. The secret (an API token or a password) is never logged,
/// never put in an error message and never sent to another host on a redirect.
enum class AuthScheme {
    none,        ///< anonymous
    basic,       ///< documented: HTTP Basic "user:token" (or "user:password")
    ksso_token,  ///< seen in real client code: "Authorization: ksso-token <token>"
    bearer,      ///< claimed by third parties: "Authorization: Bearer <token>"
    /// AWS Signature Version 4, signed by libcurl (CURLOPT_AWS_SIGV4): `user` is the access key
    /// id, `secret` the secret access key, Request::aws_sigv4 the "aws:amz:REGION:SERVICE"
    /// provider string. The caller sends x-amz-content-sha256 (and x-amz-security-token).
    aws_sigv4,
};

/// Returns "none", "basic", "ksso-token" or "bearer".
const char* auth_scheme_name(AuthScheme scheme);

/// Parses "basic", "ksso-token" or "bearer"; nullopt for anything else.
std::optional<AuthScheme> parse_auth_scheme(std::string_view text);

/// Credentials for one server.
struct Credentials {
    AuthScheme scheme = AuthScheme::none;
    std::string user;          ///< may be empty for ksso-token / bearer
    std::string secret;        ///< token or password; never printed
    bool is_password = false;  ///< true when `secret` is a password rather than an API token
};

/// Where a request body comes from.
struct BodySource {
    enum class Kind { none, bytes, form_file, form_bytes, file };
    Kind kind = Kind::none;
    std::string bytes;           ///< Kind::bytes: the body; Kind::form_bytes: the part's bytes
    std::string content_type;    ///< the Content-Type of the bytes or of the form part
    std::filesystem::path path;  ///< Kind::form_file, Kind::file: streamed from here, never loaded
    std::string form_field;      ///< Kind::form_file: the multipart part name ("file")
    std::string form_file_name;  ///< Kind::form_file: the file name sent in the part

    /// No body.
    static BodySource none() { return {}; }
    /// An in-memory body with its content type ("application/json").
    static BodySource text(std::string body, std::string type);
    /// A multipart/form-data body with one part `field` streamed from `path`, sent under
    /// `file_name` (the original name).
    static BodySource form_file(std::string field, std::filesystem::path path,
                                std::string file_name);
    /// The raw body streamed from `path` (an S3 PUT of an archive), with its content type.
    static BodySource file(std::filesystem::path path, std::string type);
    /// The same with the part's bytes held in memory (a decrypted archive, never on disk).
    static BodySource form_bytes(std::string field, std::string bytes, std::string file_name);
};

/// Receives a 2xx response body in chunks (a download streaming to a file). Error bodies
/// never reach the sink: they are kept in Response::body for messages.
struct BodySink {
    /// Appends bytes; an error aborts the transfer and is returned by Transport::send.
    std::function<core::Result<void>(std::string_view chunk)> write;
    /// Discards what was written so far (called before a retry). May be empty when the
    /// sink cannot restart; then the request is not retried once bytes were written.
    std::function<core::Result<void>()> reset;
    /// The most bytes the sink accepts (0: no bound). A transport refuses a body whose
    /// Content-Length says more (Error::id "too-large") before the sink sees a byte, and a body
    /// without one is cut off (the same id) before the chunk that would pass the bound reaches
    /// the sink.
    std::uint64_t max_bytes = 0;
    /// Told the body's announced length (Content-Length, at most max_bytes) before the first
    /// write, so a sink holding the body in memory can size it once instead of growing it.
    /// A hint only: the server may send less. May be empty; not called without a length.
    std::function<void(std::uint64_t bytes)> expect{};
};

/// Transfer progress in bytes; `total` is 0 when unknown. Called often: keep it cheap.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct Request {
    Method method = Method::get;
    std::string url;  ///< absolute: "https://jira.example.test/rest/ksso/api/..."
    std::vector<std::pair<std::string, std::string>> headers;
    Credentials auth;
    BodySource body;
    std::optional<BodySink> sink;  ///< absent: the body is collected in Response::body
    ProgressFn upload_progress;
    ProgressFn download_progress;
    /// Repeating the request gives the same result though its method is not idempotent by
    /// itself (an S3 PUT of a whole object, an S3 DELETE): RetryingTransport may retry it.
    bool retry_safe = false;
    /// AuthScheme::aws_sigv4: libcurl's provider string, "aws:amz:us-east-1:s3".
    std::string aws_sigv4;
};

struct Response {
    long status = 0;
    /// Header names in lower case, in the order received (of the final response only).
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  ///< the body, unless it went to Request::sink
    std::string url;   ///< the URL that answered (after same-origin redirects)

    /// Returns the first header named `name` (case-insensitive), or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

/// Sends HTTP requests. Implementations return Errc::remote for connection, TLS and
/// timeout failures (Error::id "connect", "connection-refused", "plain-http-port", "tls-port",
/// "tls", "timeout", "transfer", "redirect"); an
/// HTTP error status is a Response, not an Error.
class Transport
{
public:
    virtual ~Transport() = default;
    /// Performs `request` once (implementations may follow same-origin redirects).
    virtual core::Result<Response> send(const Request& request) = 0;
};

/// Error::id values a transport uses for failures worth retrying on an idempotent request.
bool is_transient_transport_error(const core::Error& error);

/// Returns true for failures that mean the server was not reached at all ("connect",
/// "connection-refused", and a scheme that does not match the port: "plain-http-port",
/// "tls-port"); their messages name the server, so callers add no context naming it again.
bool is_unreachable(const core::Error& error);

}  // namespace ssosnap::rest
