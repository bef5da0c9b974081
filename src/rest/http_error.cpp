#include "rest/http_error.hpp"

#include "core/base64.hpp"
#include "core/strings.hpp"
#include "rest/url.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

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

constexpr std::size_t k_excerpt = 300;

// Every byte as %XX (upper case hex; matched ignoring case).
std::string percent_every_byte(std::string_view in)
{
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        out += '%';
        out += k_hex[c >> 4];
        out += k_hex[c & 15];
    }
    return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to)
{
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

// The forms a server may echo a secret in: .first the text, .second whether to match it
// ignoring ASCII case (percent forms: %2f and %2F are the same byte).
std::vector<std::pair<std::string, bool>> secret_forms(const Credentials& c)
{
    std::vector<std::pair<std::string, bool>> forms;
    const std::string& s = c.secret;
    forms.emplace_back(s, false);
    for (const std::string& plain : {s, c.user + ":" + s}) {
        for (auto alphabet : {core::Base64Alphabet::standard, core::Base64Alphabet::url}) {
            std::string b = core::base64_encode(plain, alphabet);
            forms.emplace_back(b, false);
            while (!b.empty() && b.back() == '=')
                b.pop_back();
            forms.emplace_back(b, false);
        }
    }
    const std::string escaped = escape_component(s);
    forms.emplace_back(escaped, true);
    forms.emplace_back(replace_all(escaped, "%20", "+"), true);
    forms.emplace_back(percent_every_byte(s), true);
    for (bool ascii : {false, true}) {
        std::string j =
            nlohmann::json(s).dump(-1, ' ', ascii, nlohmann::json::error_handler_t::replace);
        j = j.substr(1, j.size() - 2);  // without the quotes
        forms.emplace_back(j, true);    // either hex case in the escapes
        forms.emplace_back(replace_all(j, "/", "\\/"), true);
    }
    // Longest first, so a longer form is not left half-replaced by a shorter one inside it.
    std::stable_sort(forms.begin(), forms.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return forms;
}

std::size_t find_form(const std::string& text, const std::string& form, bool ignore_case,
                      std::size_t from)
{
    if (!ignore_case) return text.find(form, from);
    auto it = std::search(
        text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), form.begin(), form.end(),
        [](char a, char b) { return core::ascii_lower(a) == core::ascii_lower(b); });
    return it == text.end() ? std::string::npos : static_cast<std::size_t>(it - text.begin());
}

// A short, single-line excerpt of a text body (HTML and binary bodies are left out),
// scrubbed before it is cut (a cut secret would no longer be recognised) and with control
// characters escaped (the server's text must not drive the terminal).
std::string excerpt(const Response& r, const Credentials& credentials)
{
    auto type = core::to_lower(r.header("content-type").value_or(""));
    if (r.body.empty() || type.find("html") != std::string::npos || !core::looks_like_text(r.body))
        return {};
    // Every form of a secret that starts inside the excerpt ends inside this window.
    std::size_t window = k_excerpt;
    for (const auto& form : secret_forms(credentials))
        window = std::max(window, k_excerpt + form.first.size());
    std::string s = scrub(r.body.substr(0, window), credentials);
    const bool cut = s.size() > k_excerpt;
    s = std::string(core::trim(std::string_view(s).substr(0, k_excerpt)));
    for (char& c : s) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return core::escape_controls(s) + (cut ? "..." : "");
}

std::string who(const Credentials& c)
{
    std::string s = std::string(auth_scheme_name(c.scheme)) + " authentication";
    if (!c.user.empty()) s += " as user " + core::quote(c.user);
    if (c.scheme != AuthScheme::none) s += c.is_password ? " with a password" : " with a token";
    return s;
}

std::string server_says(const Response& r, const Credentials& credentials)
{
    std::string s;
    if (auto v = r.header("x-seraph-loginreason"))
        s += "X-Seraph-LoginReason: " + core::escape_controls(*v);
    if (auto v = r.header("www-authenticate")) {
        if (!s.empty()) s += "; ";
        s += "WWW-Authenticate: " + core::escape_controls(*v);
    }
    auto body = excerpt(r, credentials);
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
    case AuthScheme::aws_sigv4:
        return "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) and the region";
    }
    return {};
}

}  // namespace

bool is_success(long status)
{
    return status >= 200 && status < 300;
}

std::string scrub(std::string text, const Credentials& credentials)
{
    if (credentials.secret.empty()) return text;
    for (const auto& [form, ignore_case] : secret_forms(credentials)) {
        if (form.empty()) continue;
        for (auto pos = find_form(text, form, ignore_case, 0); pos != std::string::npos;
             pos = find_form(text, form, ignore_case, pos + 3))
            text.replace(pos, form.size(), "***");
    }
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
             head + ": the server refused " + who(request.auth) +
                 server_says(response, request.auth) + "; " + auth_hint(request.auth),
             "unauthorized"};
    } else if (status == 403) {
        e = {core::Errc::auth,
             head + ": permission refused for " + who(request.auth) +
                 server_says(response, request.auth) +
                 "; snapshot endpoints need a system administrator, and administrators can "
                 "restrict API tokens by IP range or group",
             "forbidden"};
    } else {
        e = {core::Errc::remote,
             head + server_says(response, request.auth) + (hint.empty() ? "" : "; " + hint),
             "http-" + std::to_string(status)};
    }
    e.message = scrub(std::move(e.message), request.auth);
    return e;
}

}  // namespace ssosnap::rest
