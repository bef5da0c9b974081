#include "metadata/file_name.hpp"

#include <cstdio>

namespace ssosnap::metadata
{
namespace
{

constexpr std::string_view k_prefix = "sso-snapshot-";

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

int days_in_month(int y, int m)
{
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k_days[m - 1];
}

}  // namespace

std::optional<NameTime> parse_snapshot_name(std::string_view name)
{
    if (auto slash = name.find_last_of('/'); slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    if (name.size() >= 4 && name.substr(name.size() - 4) == ".zip") name.remove_suffix(4);
    if (name.substr(0, k_prefix.size()) != k_prefix) return std::nullopt;
    name.remove_prefix(k_prefix.size());
    // YYYY-MM-DD-HH_MM_SS : 19 characters exactly
    if (name.size() != 19) return std::nullopt;
    static constexpr std::size_t k_sep_pos[] = {4, 7, 10, 13, 16};
    for (std::size_t i = 0; i < 5; ++i) {
        char want = i < 3 ? '-' : '_';
        if (name[k_sep_pos[i]] != want) return std::nullopt;
    }
    NameTime t;
    if (!digits(name, 0, 4, t.year) || !digits(name, 5, 2, t.month) || !digits(name, 8, 2, t.day) ||
        !digits(name, 11, 2, t.hour) || !digits(name, 14, 2, t.minute) ||
        !digits(name, 17, 2, t.second)) {
        return std::nullopt;
    }
    if (t.year < 1970 || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || t.hour > 23 || t.minute > 59 || t.second > 59) {
        return std::nullopt;
    }
    return t;
}

bool is_snapshot_id(std::string_view id)
{
    // parse_snapshot_name skips a folder and ".zip": only a round trip proves the exact form.
    auto t = parse_snapshot_name(id);
    return t && snapshot_id(*t) == id;
}

std::string snapshot_id(const NameTime& t)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "sso-snapshot-%04d-%02d-%02d-%02d_%02d_%02d", t.year, t.month,
                  t.day, t.hour, t.minute, t.second);
    return buf;
}

std::string snapshot_file_name(const NameTime& t)
{
    return snapshot_id(t) + ".zip";
}

std::string to_iso_local(const NameTime& t)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, t.second);
    return buf;
}

}  // namespace ssosnap::metadata
