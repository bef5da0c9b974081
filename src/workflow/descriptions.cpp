#include "workflow/descriptions.hpp"

#include <cstdio>
#include <random>

namespace ssosnap::workflow
{
namespace
{

constexpr std::string_view k_safety_prefix = "ssosnap safety snapshot before restoring ";
constexpr std::string_view k_vendor_prefix = "Backup before upgrade";

// "<hex>-<8 hex>", as unique_stamp() writes it.
bool is_stamp(std::string_view s)
{
    const auto dash = s.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 16 || s.size() != dash + 9)
        return false;
    const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i != dash && !hex(s[i])) return false;
    }
    return true;
}

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

std::string check_description(std::string_view archive_id, std::string_view stamp)
{
    return "ssosnap post-restore check of " + std::string(archive_id) + " (" + std::string(stamp) +
           ")";
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

bool made_by_ssosnap(std::string_view d)
{
    if (d.ends_with(")")) {
        const auto open = d.rfind('(');
        if (open == std::string_view::npos || open == 0 || d[open - 1] != ' ') return false;
        auto inside = d.substr(open + 1, d.size() - open - 2);
        if (inside.starts_with("ssosnap ")) return is_stamp(inside.substr(8));
        return d.starts_with("ssosnap ") && is_stamp(inside);
    }
    const auto space = d.rfind(' ');
    return d.starts_with("ssosnap ") && space != std::string_view::npos &&
           is_stamp(d.substr(space + 1));
}

}  // namespace ssosnap::workflow
