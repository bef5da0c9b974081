#include "cli/version.hpp"

#include "archive/version_info.hpp"
#include "rest/version_info.hpp"

namespace ssosnap::cli
{

std::string version_text()
{
    std::string text =
        std::string("ssosnap ") + SSOSNAP_VERSION + " (revision " + SSOSNAP_GIT_REVISION + ")\n";
    text += "libzip " + archive::libzip_version() + "\n";
    text += "libcurl " + rest::libcurl_version() + "\n";
    auto tls = rest::tls_version();
    text += "tls " + (tls.empty() ? std::string("none") : tls) + "\n";
    return text;
}

}  // namespace ssosnap::cli
