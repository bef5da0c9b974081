#include "cli/version.hpp"

#include "archive/version_info.hpp"

namespace ssosnap::cli
{

std::string version_text()
{
    std::string text =
        std::string("ssosnap ") + SSOSNAP_VERSION + " (revision " + SSOSNAP_GIT_REVISION + ")\n";
    text += "libzip " + archive::libzip_version() + "\n";
    return text;
}

}  // namespace ssosnap::cli
