#pragma once
// The wall clock in the unit snapshots use: epoch milliseconds, UTC (timeMillis).

#include <chrono>
#include <cstdint>

namespace ssosnap::core
{

/// Returns the current time as epoch milliseconds (UTC).
inline std::int64_t now_millis()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace ssosnap::core
