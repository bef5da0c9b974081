#pragma once
// Consistency of a snapshot's file-name time (the server's local wall-clock time) with its
// timeMillis (UTC epoch ms). The server reads its clock for the name a moment after
// timeMillis and truncates to whole seconds, so the name may be up to 2 s later than
// timeMillis and less than 1 s earlier (vendor example: 1641298623998 = 12:17:03.998Z gives
// sso-snapshot-2022-01-04-13_17_04 in Europe/Oslo).
// Without a zone any UTC offset from -14:00 to +14:00 in whole quarter hours may explain the
// name; with a zone (IANA name, system tz database) only that zone's real offset at the
// instant does, so daylight-saving gaps and the repeated autumn hour come out right.

#include "core/result.hpp"
#include "metadata/file_name.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ssosnap::metadata
{

/// How far the name may lie from the local time of timeMillis, in ms (name minus local).
inline constexpr std::int64_t k_name_max_late_ms = 2000;  // taken later, rounded or truncated
inline constexpr std::int64_t k_name_max_early_ms = 999;  // truncation to whole seconds

/// Result of checking one name against one timeMillis.
struct TimeCheck {
    bool consistent = false;
    /// The UTC offset in minutes east of UTC that maps timeMillis onto the name, if any
    /// whole quarter-hour offset in [-14:00, +14:00] does (also reported with a zone, where
    /// it shows what the server's clock was set to when the zone does not fit).
    std::optional<int> implied_offset_minutes;
    /// With a zone: that zone's UTC offset at timeMillis.
    std::optional<int> zone_offset_minutes;
    /// With a zone: true when the name's wall-clock time does not exist there (DST gap).
    bool name_in_gap = false;
    /// One line for humans, naming both times and the offset(s).
    std::string message;
};

/// Checks `name` against `time_millis` (epoch ms, UTC). `zone` is an IANA zone name such as
/// "Europe/Oslo"; without one any quarter-hour offset is accepted. Fails with Errc::usage
/// (id "unknown-zone") when the zone is not in the system tz database.
core::Result<TimeCheck> check_name_time(const NameTime& name, std::int64_t time_millis,
                                        const std::optional<std::string>& zone = std::nullopt);

/// Succeeds when `zone` is in the system tz database; else fails as check_name_time() does.
core::Result<void> check_zone_name(const std::string& zone);

/// Returns "+01:00", "-03:30", "+05:45" for an offset in minutes east of UTC.
std::string format_utc_offset(int minutes);

/// Returns timeMillis as "2022-01-04T12:17:03.998Z".
std::string format_utc_millis(std::int64_t time_millis);

/// Returns the name's wall-clock time as epoch ms if it were UTC (for sorting by name).
std::int64_t name_time_as_utc_millis(const NameTime& name);

}  // namespace ssosnap::metadata
