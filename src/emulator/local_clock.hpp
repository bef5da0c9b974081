#pragma once
// Server-local time strings in the shapes the Kantega server sends: "2022-01-05T08:41:31"
// (token createdAt), "2022-02-04T08:41" (expiresAt), "2022-01-05T08:41:31.123" (default
// token names) and "2022-04-09T05:10:06.160+02:00[Europe/Oslo]" (ping).

#include "core/result.hpp"
#include "metadata/file_name.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ssosnap::emulator
{

/// A wall-clock time in the emulator's zone.
struct LocalTime {
    metadata::NameTime wall;  ///< seconds floored
    int millis = 0;           ///< 0..999
    int offset_minutes = 0;   ///< local minus UTC
};

/// Returns the local time of `epoch_millis` in `zone` (nullopt: the system zone).
core::Result<LocalTime> local_time(std::int64_t epoch_millis,
                                   const std::optional<std::string>& zone);

/// "YYYY-MM-DDTHH:MM:SS".
std::string iso_seconds(const LocalTime& t);
/// "YYYY-MM-DDTHH:MM".
std::string iso_minutes(const LocalTime& t);
/// "YYYY-MM-DDTHH:MM:SS.mmm".
std::string iso_millis(const LocalTime& t);
/// "YYYY-MM-DDTHH:MM:SS.mmm+HH:MM" and "[zone]" when a zone name is given.
std::string iso_offset(const LocalTime& t, const std::optional<std::string>& zone);

}  // namespace ssosnap::emulator
