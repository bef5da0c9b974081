#include "emulator/faults.hpp"

namespace ssosnap::emulator
{

FaultInjector::FaultInjector(FaultOptions options)
    : m_options(std::move(options)), m_rng(m_options.seed)
{
}

void FaultInjector::add_plan(const std::vector<PlannedFault>& plan)
{
    std::lock_guard lock(m_mutex);
    for (auto f : plan) {
        int seen = f.endpoint ? m_counts[*f.endpoint] : m_total;
        f.first += seen;
        f.last += seen;
        m_options.plan.push_back(f);
    }
}

std::optional<FaultKind> FaultInjector::next(Endpoint endpoint)
{
    std::lock_guard lock(m_mutex);
    int n = ++m_counts[endpoint];
    int total = ++m_total;
    for (const auto& f : m_options.plan) {
        int count = f.endpoint ? (*f.endpoint == endpoint ? n : 0) : total;
        if (count >= f.first && count <= f.last) return f.kind;
    }
    if (m_options.rate > 0 && !m_options.kinds.empty()) {
        std::uniform_real_distribution<double> coin(0.0, 1.0);
        if (coin(m_rng) < m_options.rate) {
            std::uniform_int_distribution<std::size_t> pick(0, m_options.kinds.size() - 1);
            return m_options.kinds[pick(m_rng)];
        }
    }
    return std::nullopt;
}

}  // namespace ssosnap::emulator
