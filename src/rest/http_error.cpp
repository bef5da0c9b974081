#include "rest/http_error.hpp"

#include "core/strings.hpp"
#include "rest/url.hpp"

namespace ssosnap::rest
{
namespace
{

const char* reason(long status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

// A short, single-line excerpt of a text body (HTML and binary bodies are left out).
std::string excerpt(const Response& r)
{
    auto type = core::to_lower(r.header("content-type").value_or(""));
    if (r.body.empty() || type.find("html") != std::string::npos || !core::looks_like_text(r.body))
        return {};
    std::string s(core::trim(r.body.substr(0, 300)));
    for (char& c : s) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return r.body.size() > 300 ? s + "..." : s;
}

std::string who(const Credentials& c)
{
    std::string s = std::string(auth_scheme_name(c.scheme)) + " authentication";
    if (!c.user.empty()) s += " as user " + core::quote(c.user);
    if (c.scheme != AuthScheme::none) s += c.is_password ? " with a password" : " with a token";
    return s;
}

std::string server_says(const Response& r)
{
    std::string s;
    if (auto v = r.header("x-seraph-loginreason")) s += "X-Seraph-LoginReason: " + *v;
    if (auto v = r.header("www-authenticate")) {
        if (!s.empty()) s += "; ";
        s += "WWW-Authenticate: " + *v;
    }
    auto body = excerpt(r);
    if (!body.empty()) {
        if (!s.empty()) s += "; ";
        s += "body: " + body;
    }
    return s.empty() ? std::string() : " (" + s + ")";
}

std::string auth_hint(const Credentials& c)
{
    switch (c.scheme) {
    case AuthScheme::none:
        return "give --user NAME and a token (--token-file FILE, --token-stdin or SSOSNAP_TOKEN)";
    case AuthScheme::basic:
        return c.is_password
                   ? "check the user name and password; servers that forbid password logins "
                     "need an API token (ssosnap tokens create, then --token-file)"
                   : "check the user name and the token (expired or revoked tokens fail too); "
                     "or try --auth ksso-token";
    case AuthScheme::ksso_token:
        return "check the token (expired or revoked tokens fail too); or try --auth basic with "
               "--user NAME";
    case AuthScheme::bearer:
        return "Kantega documents basic authentication: try --auth basic with --user NAME, or "
               "--auth ksso-token";
    }
    return {};
}

}  // namespace

bool is_success(long status)
{
    return status >= 200 && status < 300;
}

std::string scrub(std::string text, const std::string& secret)
{
    if (secret.empty()) return text;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
        text.replace(pos, secret.size(), "***");
    return text;
}

core::Error http_error(const Request& request, const Response& response, const std::string& hint)
{
    long status = response.status;
    std::string head = "HTTP " + std::to_string(status);
    if (*reason(status)) head += std::string(" ") + reason(status);
    head += " from " + std::string(method_name(request.method)) + " " + redact_url(request.url);
    core::Error e;
    if (status == 401) {
        e = {core::Errc::auth,
             head + ": the server refused " + who(request.auth) + server_says(response) + "; " +
                 auth_hint(request.auth),
             "unauthorized"};
    } else if (status == 403) {
        e = {core::Errc::auth,
             head + ": permission refused for " + who(request.auth) + server_says(response) +
                 "; snapshot endpoints need a system administrator, and administrators can "
                 "restrict API tokens by IP range or group",
             "forbidden"};
    } else {
        e = {core::Errc::remote, head + server_says(response) + (hint.empty() ? "" : "; " + hint),
             "http-" + std::to_string(status)};
    }
    e.message = scrub(std::move(e.message), request.auth.secret);
    return e;
}

}  // namespace ssosnap::rest
