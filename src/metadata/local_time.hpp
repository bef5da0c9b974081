#pragma once
// Local wall-clock times for snapshot file names: the server names an archive after its own
// local time, so `create` (and the emulator) must do the same for a chosen IANA zone.

#include "core/result.hpp"
#include "metadata/file_name.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::metadata
{

/// Returns the wall-clock time of `millis` (epoch ms, UTC) in `zone` (an IANA name such as
/// "Europe/Oslo"; nullopt: the system's zone), seconds floored. Fails with Errc::usage
/// ("unknown-zone") for a zone the tz database does not know, Errc::input when the system
/// zone cannot be determined, and Errc::input for a time outside years 1970..9999.
core::Result<NameTime> local_name_time(std::int64_t millis,
                                       const std::optional<std::string>& zone = std::nullopt);

/// Parses a UTC time given on the command line: "YYYY-MM-DD" (00:00:00 of that day),
/// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS", a ' ' allowed for 'T' and a final 'Z'
/// allowed. Returns epoch ms, or nullopt for anything else or an impossible date or time.
std::optional<std::int64_t> parse_utc_time(std::string_view text);

/// Returns `millis` (epoch ms) as UTC ISO-8601 with milliseconds: "2022-01-04T12:17:03.998Z".
std::string utc_iso(std::int64_t millis);

}  // namespace ssosnap::metadata
