#include "metadata/local_time.hpp"

#include <chrono>
#include <cstdio>
#include <date/date.h>
#include <date/tz.h>
#include <exception>

namespace ssosnap::metadata
{
namespace
{

// Bounds accepted for timeMillis: year 1970 .. 9999 (as parse_snapshot_meta).
constexpr std::int64_t k_max_millis = 253402300799999;

NameTime to_name_time(date::local_time<std::chrono::seconds> t)
{
    auto day = date::floor<date::days>(t);
    date::year_month_day ymd{day};
    date::hh_mm_ss<std::chrono::seconds> hms{t - day};
    NameTime out;
    out.year = static_cast<int>(ymd.year());
    out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.hour = static_cast<int>(hms.hours().count());
    out.minute = static_cast<int>(hms.minutes().count());
    out.second = static_cast<int>(hms.seconds().count());
    return out;
}

// Reads `len` digits of `s` at `at` into `out`; false when they are not all digits.
bool digits(std::string_view s, std::size_t at, std::size_t len, int& out)
{
    if (at + len > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + len; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_utc_time(std::string_view s)
{
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.remove_suffix(1);
    if (s.size() != 10 && s.size() != 16 && s.size() != 19) return std::nullopt;
    int y = 0;
    int mo = 0;
    int d = 0;
    int h = 0;
    int mi = 0;
    int sec = 0;
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    if (s.size() > 10 && ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
                          s[13] != ':' || !digits(s, 14, 2, mi)))
        return std::nullopt;
    if (s.size() > 16 && (s[16] != ':' || !digits(s, 17, 2, sec))) return std::nullopt;
    date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                             date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    auto tp = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
              std::chrono::seconds{sec};
    return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
}

core::Result<NameTime> local_name_time(std::int64_t millis, const std::optional<std::string>& zone)
{
    if (millis < 0 || millis > k_max_millis) {
        return core::fail(core::Errc::input,
                          "time " + std::to_string(millis) + " ms is out of range");
    }
    const date::time_zone* tz = nullptr;
    try {
        tz = zone ? date::locate_zone(*zone) : date::current_zone();
    } catch (const std::exception& e) {
        if (zone) {
            return core::fail(core::Errc::usage,
                              "unknown time zone '" + *zone +
                                  "'; use an IANA name such as Europe/Oslo or UTC",
                              "unknown-zone");
        }
        return core::fail(core::Errc::input,
                          std::string("cannot determine the system time zone (") + e.what() +
                              "); pass --tz ZONE",
                          "unknown-zone");
    }
    auto sys = date::floor<std::chrono::seconds>(
        date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{millis}});
    return to_name_time(date::zoned_time<std::chrono::seconds>{tz, sys}.get_local_time());
}

std::string utc_iso(std::int64_t millis)
{
    auto tp = date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{millis}};
    return date::format("%FT%TZ", tp);
}

}  // namespace ssosnap::metadata
