#include "cli/version.hpp"

#include "archive/version_info.hpp"
#include "rest/version_info.hpp"

#include <nlohmann/json.hpp>

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

std::string version_json()
{
    auto or_null = [](const std::string& v) {
        return v.empty() || v == "not found" ? nlohmann::json() : nlohmann::json(v);
    };
    nlohmann::json doc{{"schema", 1},
                       {"command", "version"},
                       {"version", SSOSNAP_VERSION},
                       {"revision", SSOSNAP_GIT_REVISION},
                       {"libraries",
                        {{"libzip", or_null(archive::libzip_version())},
                         {"libcurl", or_null(rest::libcurl_version())},
                         {"tls", or_null(rest::tls_version())}}}};
    return doc.dump(2) + "\n";
}

}  // namespace ssosnap::cli
