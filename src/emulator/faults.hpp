#pragma once
// Fault injection for tests: planned faults ("the 2nd list request answers 500") and random
// ones (--fault-rate P drawn from --fault-kinds, seeded so a run can be repeated).
// Thread-safe.

#include "emulator/options.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <random>

namespace ssosnap::emulator
{

class FaultInjector
{
public:
    explicit FaultInjector(FaultOptions options);

    /// Counts a request to `endpoint` and returns the fault it gets, if any. Planned faults
    /// win over random ones.
    std::optional<FaultKind> next(Endpoint endpoint);

    /// Adds planned faults; request numbers count from the requests already seen.
    void add_plan(const std::vector<PlannedFault>& plan);

    std::int64_t slow_millis() const { return m_options.slow_millis; }

private:
    std::mutex m_mutex;
    FaultOptions m_options;
    std::map<Endpoint, int> m_counts;
    int m_total = 0;
    std::mt19937_64 m_rng;
};

}  // namespace ssosnap::emulator
