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

}  // namespace

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
