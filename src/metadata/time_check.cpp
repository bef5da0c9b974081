#include "metadata/time_check.hpp"

#include <chrono>
#include <cstdlib>
#include <date/date.h>
#include <date/tz.h>
#include <exception>

namespace ssosnap::metadata
{
namespace
{

using std::chrono::milliseconds;

constexpr std::int64_t k_quarter_hour_ms = std::int64_t{15} * 60 * 1000;
constexpr std::int64_t k_max_offset_ms = std::int64_t{14} * 60 * 60 * 1000;

bool within_tolerance(std::int64_t skew_ms)
{
    return skew_ms >= -k_name_max_early_ms && skew_ms <= k_name_max_late_ms;
}

// The quarter-hour offset (ms) that puts the name within tolerance of timeMillis, if any.
// The tolerance window (3 s) is far narrower than 15 min, so at most one offset fits.
std::optional<std::int64_t> fitting_offset(std::int64_t name_minus_utc_ms)
{
    auto q = name_minus_utc_ms / k_quarter_hour_ms;
    for (auto candidate : {q - 1, q, q + 1}) {
        const auto offset = candidate * k_quarter_hour_ms;
        if (std::llabs(offset) <= k_max_offset_ms && within_tolerance(name_minus_utc_ms - offset))
            return offset;
    }
    return std::nullopt;
}

// "+01:10:00.002": a signed duration for messages about names that fit no offset.
std::string format_signed_duration(std::int64_t ms)
{
    const char sign = ms < 0 ? '-' : '+';
    return sign + date::format("%T", milliseconds(std::llabs(ms)));
}

int to_minutes(std::int64_t offset_ms)
{
    return static_cast<int>(offset_ms / 60000);
}

std::string describe(const NameTime& name, std::int64_t time_millis)
{
    return "file-name time " + to_iso_local(name) + " and timeMillis " +
           std::to_string(time_millis) + " (" + format_utc_millis(time_millis) + ")";
}

core::Result<const date::time_zone*> find_zone(const std::string& zone)
{
    try {
        return date::locate_zone(zone);
    } catch (const std::exception&) {
        return core::fail(core::Errc::usage,
                          "unknown time zone '" + zone +
                              "': give an IANA name such as Europe/Oslo or America/St_Johns",
                          "unknown-zone");
    }
}

void check_in_zone(TimeCheck& out, const date::time_zone& zone, const std::string& zone_name,
                   const NameTime& name, std::int64_t time_millis)
{
    const auto name_ms = name_time_as_utc_millis(name);
    const date::sys_time<milliseconds> at{milliseconds(time_millis)};
    // The name is read a moment after timeMillis: a DST change inside that moment must not
    // turn a correct name into a mismatch, so the offset just after counts too.
    for (auto instant : {at, at + milliseconds(k_name_max_late_ms)}) {
        const auto offset_ms =
            std::chrono::duration_cast<milliseconds>(zone.get_info(instant).offset).count();
        if (!out.zone_offset_minutes) out.zone_offset_minutes = to_minutes(offset_ms);
        if (within_tolerance(name_ms - time_millis - offset_ms)) {
            out.consistent = true;
            out.zone_offset_minutes = to_minutes(offset_ms);
            break;
        }
    }
    const auto local =
        date::local_seconds{std::chrono::seconds(name_ms / 1000)};  // the name as wall time
    out.name_in_gap = zone.get_info(local).result == date::local_info::nonexistent;
    const auto zone_offset = format_utc_offset(*out.zone_offset_minutes);
    if (out.consistent) {
        out.message = describe(name, time_millis) + " agree in " + zone_name + " (UTC" +
                      zone_offset + " then)";
        return;
    }
    out.message = describe(name, time_millis) + " disagree in " + zone_name + ", which was UTC" +
                  zone_offset + " then";
    if (out.name_in_gap) {
        out.message += "; " + to_iso_local(name) + " does not exist there (skipped by a " +
                       "daylight-saving change)";
    }
    if (out.implied_offset_minutes) {
        out.message += "; the name fits UTC" + format_utc_offset(*out.implied_offset_minutes);
    }
}

}  // namespace

core::Result<void> check_zone_name(const std::string& zone)
{
    auto tz = find_zone(zone);
    if (!tz) return core::fail(tz.error());
    return {};
}

std::int64_t name_time_as_utc_millis(const NameTime& name)
{
    const date::sys_days day = date::year{name.year} / name.month / name.day;
    const auto t = day + std::chrono::hours(name.hour) + std::chrono::minutes(name.minute) +
                   std::chrono::seconds(name.second);
    return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

std::string format_utc_offset(int minutes)
{
    const char sign = minutes < 0 ? '-' : '+';
    const int m = std::abs(minutes);
    std::string out(1, sign);
    out += (m / 60 < 10 ? "0" : "") + std::to_string(m / 60) + ":";
    out += (m % 60 < 10 ? "0" : "") + std::to_string(m % 60);
    return out;
}

std::string format_utc_millis(std::int64_t time_millis)
{
    return date::format("%FT%TZ", date::sys_time<milliseconds>{milliseconds(time_millis)});
}

core::Result<TimeCheck> check_name_time(const NameTime& name, std::int64_t time_millis,
                                        const std::optional<std::string>& zone)
{
    TimeCheck out;
    const auto name_minus_utc = name_time_as_utc_millis(name) - time_millis;
    if (auto offset = fitting_offset(name_minus_utc))
        out.implied_offset_minutes = to_minutes(*offset);
    if (zone) {
        auto tz = find_zone(*zone);
        if (!tz) return core::fail(tz.error());
        check_in_zone(out, **tz, *zone, name, time_millis);
        return out;
    }
    out.consistent = out.implied_offset_minutes.has_value();
    if (out.consistent) {
        out.message = describe(name, time_millis) + " agree at UTC" +
                      format_utc_offset(*out.implied_offset_minutes);
    } else {
        out.message = describe(name, time_millis) +
                      " fit no UTC offset from -14:00 to +14:00 in whole quarter hours (the "
                      "name is " +
                      format_signed_duration(name_minus_utc) + " from UTC)";
    }
    return out;
}

}  // namespace ssosnap::metadata
