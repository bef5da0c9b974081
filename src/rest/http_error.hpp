#pragma once
// Turning an unsuccessful HTTP answer into a core::Error with a message a person can act
// on. 401 and 403 become Errc::auth naming the scheme, the user and the server's
// X-Seraph-LoginReason / WWW-Authenticate headers, with a hint; anything else Errc::remote.
// The secret of the request is scrubbed from every message, in every encoding, before the
// server's body is cut to an excerpt; the server's text has its control characters escaped.

#include "core/result.hpp"
#include "rest/transport.hpp"

#include <string>

namespace ssosnap::rest
{

/// Returns true for 2xx statuses.
bool is_success(long status);

/// Returns the error for a non-2xx `response` to `request`; `hint` (may be empty) is
/// appended for statuses other than 401/403 ("the server may lack this endpoint: ...").
/// Error::id is "unauthorized", "forbidden" or "http-<status>".
core::Error http_error(const Request& request, const Response& response,
                       const std::string& hint = {});

/// Returns `text` with the secret of `credentials` replaced by "***" in every form a server
/// may echo it: raw; base64 of the secret and of "user:secret" (padded or not, standard or
/// URL alphabet: an echoed "Authorization: Basic ..."); percent-encoded (reserved bytes or
/// every byte, either hex case, "+" for space); JSON-escaped (with or without backslash-u escapes
/// and
/// "\/"). No-op when the secret is empty. Scrub before truncating: a cut secret is not found.
std::string scrub(std::string text, const Credentials& credentials);

}  // namespace ssosnap::rest
