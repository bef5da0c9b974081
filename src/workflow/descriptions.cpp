#include "workflow/descriptions.hpp"

#include <cstdio>
#include <random>

namespace ssosnap::workflow
{
namespace
{

constexpr std::string_view k_safety_prefix = "ssosnap safety snapshot before restoring ";
constexpr std::string_view k_vendor_prefix = "Backup before upgrade";

}  // namespace

const char* protection_name(Protection protection)
{
    switch (protection) {
    case Protection::safety_snapshot:
        return "safety snapshot";
    case Protection::vendor_upgrade:
        return "vendor upgrade backup";
    case Protection::none:
        break;
    }
    return "";
}

std::string safety_description(std::string_view archive_id, std::string_view stamp)
{
    return std::string(k_safety_prefix) + std::string(archive_id) + " (" + std::string(stamp) + ")";
}

std::string backup_description(std::string_view text, std::string_view stamp)
{
    if (text.empty()) return "ssosnap backup " + std::string(stamp);
    return std::string(text) + " (ssosnap " + std::string(stamp) + ")";
}

std::string unique_stamp(std::int64_t now_millis)
{
    std::random_device rd;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%llx-%08x", static_cast<unsigned long long>(now_millis),
                  static_cast<unsigned>(rd()));
    return buf;
}

Protection protection_of(std::string_view description)
{
    if (description.starts_with(k_safety_prefix)) return Protection::safety_snapshot;
    if (description.starts_with(k_vendor_prefix)) return Protection::vendor_upgrade;
    return Protection::none;
}

}  // namespace ssosnap::workflow
