#include "emulator/local_clock.hpp"

#include "metadata/local_time.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace ssosnap::emulator
{

core::Result<LocalTime> local_time(std::int64_t epoch_millis,
                                   const std::optional<std::string>& zone)
{
    using namespace std::chrono;
    auto wall = metadata::local_name_time(epoch_millis, zone);
    if (!wall) return core::fail(wall.error());
    LocalTime t;
    t.wall = *wall;
    t.millis = static_cast<int>(epoch_millis % 1000);
    // The offset is the local wall clock read as if it were UTC, minus the real UTC time.
    year_month_day ymd{year{wall->year}, month{static_cast<unsigned>(wall->month)},
                       day{static_cast<unsigned>(wall->day)}};
    auto local_s = sys_days{ymd}.time_since_epoch() + hours{wall->hour} + minutes{wall->minute} +
                   seconds{wall->second};
    auto utc_s = seconds{epoch_millis / 1000};
    t.offset_minutes = static_cast<int>(duration_cast<minutes>(local_s - utc_s).count());
    return t;
}

std::string iso_minutes(const LocalTime& t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", t.wall.year, t.wall.month,
                  t.wall.day, t.wall.hour, t.wall.minute);
    return buf;
}

std::string iso_seconds(const LocalTime& t)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, ":%02d", t.wall.second);
    return iso_minutes(t) + buf;
}

std::string iso_millis(const LocalTime& t)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%03d", t.millis);
    return iso_seconds(t) + buf;
}

std::string iso_offset(const LocalTime& t, const std::optional<std::string>& zone)
{
    char buf[16];
    int off = std::abs(t.offset_minutes);
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", t.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    std::string out = iso_millis(t) + buf;
    if (zone) out += "[" + *zone + "]";
    return out;
}

}  // namespace ssosnap::emulator
