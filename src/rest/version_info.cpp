#include "rest/version_info.hpp"
#include "rest/libcurl.hpp"

namespace ssosnap::rest
{

core::Result<void> load_libcurl()
{
    if (const auto& curl = libcurl::loaded(); !curl) return core::fail(curl.error());
    return {};
}

std::string libcurl_version()
{
    // The run-time library's answer, not LIBCURL_VERSION (the headers built against).
    if (!libcurl::loaded()) return "not found";
    const auto* info = libcurl::version_info(CURLVERSION_NOW);
    return info != nullptr && info->version != nullptr ? info->version : "unknown";
}

std::string tls_version()
{
    if (!libcurl::loaded()) return "";
    const auto* info = libcurl::version_info(CURLVERSION_NOW);
    return info != nullptr && info->ssl_version != nullptr ? info->ssl_version : "";
}

}  // namespace ssosnap::rest
