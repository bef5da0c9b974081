#include "rest/url.hpp"

#include "core/strings.hpp"
#include "rest/libcurl.hpp"

#include <arpa/inet.h>
#include <memory>
#include <netinet/in.h>

namespace ssosnap::rest
{
namespace
{

struct UrlDeleter {
    void operator()(CURLU* u) const { libcurl::url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
    char* p = nullptr;
    CurlString() = default;
    CurlString(const CurlString&) = delete;
    CurlString& operator=(const CurlString&) = delete;
    ~CurlString() { libcurl::free(p); }
    std::string str() const { return p ? std::string(p) : std::string(); }
};

UrlHandle parse(std::string_view url)
{
    if (!libcurl::loaded()) return nullptr;
    UrlHandle h(libcurl::url());
    if (!h) return h;
    std::string s(url);
    if (libcurl::url_set(h.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK) h.reset();
    return h;
}

std::string part(CURLU* h, CURLUPart which, unsigned flags = 0)
{
    CurlString out;
    if (libcurl::url_get(h, which, &out.p, flags) != CURLUE_OK) return {};
    return out.str();
}

}  // namespace

core::Result<Origin> parse_origin(std::string_view url)
{
    if (const auto& curl = libcurl::loaded(); !curl) return core::fail(curl.error());
    auto h = parse(url);
    if (!h) return core::fail(core::Errc::usage, "not a URL: " + core::quote(redact_url(url)));
    Origin o;
    o.scheme = core::to_lower(part(h.get(), CURLUPART_SCHEME));
    o.host = core::to_lower(part(h.get(), CURLUPART_HOST));
    auto port = part(h.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (o.scheme != "http" && o.scheme != "https") {
        return core::fail(core::Errc::usage, "not an http(s) URL: " + core::quote(redact_url(url)));
    }
    o.port = port.empty() ? 0 : std::stol(port);
    return o;
}

core::Result<std::string> normalize_base_url(std::string_view url)
{
    auto origin = parse_origin(url);
    if (!origin && origin.error().code != core::Errc::usage) return core::fail(origin.error());
    if (!origin) {
        return core::fail(core::Errc::usage, origin.error().message +
                                                 "; give the base URL such as "
                                                 "https://jira.example.test/jira");
    }
    auto h = parse(url);
    auto authority = url.find("://");
    if (authority == std::string_view::npos || url.substr(authority + 3, 1) == "/") {
        // libcurl reads "https:///jira" (and "https:/jira") as host "jira": the text we keep
        // would name another URL than the one checked
        return core::fail(core::Errc::usage, "no host in the URL: " + core::quote(redact_url(url)));
    }
    if (!part(h.get(), CURLUPART_USER).empty() || !part(h.get(), CURLUPART_PASSWORD).empty()) {
        return core::fail(core::Errc::usage,
                          "the URL holds credentials: remove them and use --user with "
                          "--token-file, --token-stdin or SSOSNAP_TOKEN");
    }
    if (!part(h.get(), CURLUPART_QUERY).empty() || !part(h.get(), CURLUPART_FRAGMENT).empty()) {
        return core::fail(core::Errc::usage, "the base URL must not have a query or fragment: " +
                                                 core::quote(std::string(url)));
    }
    std::string out(url);
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    return out;
}

bool is_loopback_url(std::string_view url)
{
    auto o = parse_origin(url);
    if (!o) return false;
    if (o->host == "localhost" || o->host == "[::1]" || o->host == "::1") return true;
    // Only an IPv4 literal in 127.0.0.0/8: "127.example.invalid" is a name anyone can own.
    in_addr address{};
    return ::inet_pton(AF_INET, o->host.c_str(), &address) == 1 &&
           (ntohl(address.s_addr) >> 24) == 127;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host)
{
    std::string h = core::to_lower(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    for (const auto& field : core::split(no_proxy, ',')) {
        std::string entry = core::to_lower(core::trim(field));
        if (entry == "*") return true;
        while (!entry.empty() && entry.front() == '.')
            entry.erase(0, 1);
        if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']')
            entry = entry.substr(1, entry.size() - 2);
        if (entry.empty()) continue;
        if (h == entry) return true;
        if (h.size() > entry.size() &&
            h.compare(h.size() - entry.size(), entry.size(), entry) == 0 &&
            h[h.size() - entry.size() - 1] == '.')
            return true;
    }
    return false;
}

std::string escape_component(std::string_view text)
{
    // Since 7.82 curl_easy_escape accepts a null handle.
    if (!libcurl::loaded()) return {};  // the request built with it then fails to send
    char* p = libcurl::easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
    if (!p) return {};
    std::string out(p);
    libcurl::free(p);
    return out;
}

std::string resolve_location(std::string_view base, std::string_view location)
{
    auto h = parse(base);
    if (!h) return {};
    std::string loc(location);
    if (libcurl::url_set(h.get(), CURLUPART_URL, loc.c_str(), 0) != CURLUE_OK) return {};
    return part(h.get(), CURLUPART_URL);
}

std::string redact_url(std::string_view url)
{
    // Done by hand on purpose: it must work on malformed URLs too, which curl rejects.
    auto scheme_end = url.find("://");
    std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    auto auth_end = url.find_first_of("/?#", start);
    if (auth_end == std::string_view::npos) auth_end = url.size();
    auto at = url.substr(start, auth_end - start).rfind('@');
    if (at == std::string_view::npos) return std::string(url);
    return std::string(url.substr(0, start)) + "***@" + std::string(url.substr(start + at + 1));
}

}  // namespace ssosnap::rest
