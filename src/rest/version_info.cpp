#include "rest/version_info.hpp"
#include "rest/libcurl.hpp"

#include <stdexcept>

namespace ssosnap::rest
{

core::Result<void> load_libcurl()
{
    try {
        libcurl::functions();
    } catch (const std::runtime_error& e) {
        return core::fail(core::Errc::internal, e.what(), "libcurl-missing");
    }
    return {};
}

std::string libcurl_version()
{
    // The run-time library's answer, not LIBCURL_VERSION (the headers built against).
    const auto* info = libcurl::version_info(CURLVERSION_NOW);
    return info != nullptr && info->version != nullptr ? info->version : "unknown";
}

std::string tls_version()
{
    const auto* info = libcurl::version_info(CURLVERSION_NOW);
    return info != nullptr && info->ssl_version != nullptr ? info->ssl_version : "";
}

}  // namespace ssosnap::rest
