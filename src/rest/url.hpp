#pragma once
// URL helpers: building request URLs from a base URL and a path, percent-encoding path
// segments and query values, comparing origins (for redirects), and redacting credentials
// before a URL is shown anywhere.

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace ssosnap::rest
{

/// Scheme, host and port of a URL: two URLs with equal origins may share credentials.
struct Origin {
    std::string scheme;  ///< lower case, "http" or "https"
    std::string host;    ///< lower case
    long port = 0;       ///< explicit or the scheme's default
    friend bool operator==(const Origin&, const Origin&) = default;
};

/// Parses the origin of an absolute http(s) URL. Fails with Errc::usage on anything else.
core::Result<Origin> parse_origin(std::string_view url);

/// Checks a base URL given by the user: absolute http(s), no user info ("user:pw@"), no
/// query or fragment. Returns it without trailing slashes.
core::Result<std::string> normalize_base_url(std::string_view url);

/// Returns true when the URL's host is loopback: "localhost", an IPv4 literal in 127.0.0.0/8,
/// or "::1". A name that merely starts with "127." is not.
bool is_loopback_url(std::string_view url);

/// Returns true when a no_proxy value (comma-separated host names or IP literals, a leading
/// "." optional, "*" for every host) exempts `host` from the proxy, the way curl reads it:
/// an entry matches the host itself and every name below it. (CIDR ranges are not read:
/// such an entry never matches here, which errs towards warning.)
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

/// Percent-encodes `text` for use as one path segment or one query value (RFC 3986
/// unreserved characters are kept).
std::string escape_component(std::string_view text);

/// Resolves a redirect `location` (absolute or relative) against `base`; empty on failure.
std::string resolve_location(std::string_view base, std::string_view location);

/// Returns `url` with any user info replaced by "***" (never fails; for messages and logs).
std::string redact_url(std::string_view url);

}  // namespace ssosnap::rest
