#pragma once
// The documented ping answer (app >= 5.7.0):
// {"datetime":"2022-04-09T05:10:06.160+02:00[Europe/Oslo]","response":"pong",
//  "timestamp":1649473806160}. The datetime may lack the "[Zone]" suffix and may carry
// nanoseconds ("2025-12-15T10:37:58.284382416+01:00").

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::rest
{

struct PingInfo {
    std::string response;                         ///< "pong"
    std::string datetime;                         ///< as sent
    std::optional<std::int64_t> timestamp;        // epoch ms, UTC, as sent
    std::optional<std::int64_t> datetime_millis;  // epoch ms, UTC, parsed from datetime
    std::optional<int> utc_offset_minutes;        ///< from datetime ("+02:00" = 120)
    std::string zone;  ///< "[Europe/Oslo]" without brackets; may be empty
};

/// Parses an ISO-8601 date-time with an offset ("Z" or ±HH:MM), optional fraction of any
/// length and an optional "[Zone]" suffix. Returns epoch ms, the offset and the zone.
struct OffsetDateTime {
    std::int64_t epoch_millis = 0;
    int offset_minutes = 0;
    std::string zone;
};
std::optional<OffsetDateTime> parse_offset_date_time(std::string_view text);

/// Parses the ping body. Fails with Errc::remote ("bad-response") when it is not a JSON
/// object with "response". An unparseable datetime is kept as text only.
core::Result<PingInfo> parse_ping(std::string_view json);

}  // namespace ssosnap::rest
