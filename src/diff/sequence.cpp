#include "diff/sequence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ssosnap::diff
{
namespace
{

using Pos = std::ptrdiff_t;
constexpr Pos k_far = std::numeric_limits<Pos>::max();
// Below this many edit steps the search is always exact (xdiff's XDL_MAX_COST_MIN).
constexpr Pos k_min_cost = 256;

struct Split {
    Pos x = 0;
    Pos y = 0;
};

// The classic xdiff formulation of Myers' linear-space algorithm: forward and backward
// furthest-reaching paths indexed by diagonal k = x - y, meeting in a middle snake.
class Myers
{
public:
    Myers(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
        : m_a(a), m_b(b), m_removed(a.size(), false), m_inserted(b.size(), false),
          m_fwd(a.size() + b.size() + 3), m_bwd(a.size() + b.size() + 3),
          m_offset(static_cast<Pos>(b.size()) + 1)
    {
        auto diagonals = static_cast<double>(a.size() + b.size() + 3);
        m_max_cost = std::max(k_min_cost, static_cast<Pos>(std::sqrt(diagonals)));
    }

    void compare(Pos a0, Pos a1, Pos b0, Pos b1);
    std::vector<Run> runs() const;

private:
    Pos& fwd(Pos k) { return m_fwd[static_cast<std::size_t>(k + m_offset)]; }
    Pos& bwd(Pos k) { return m_bwd[static_cast<std::size_t>(k + m_offset)]; }
    bool same(Pos x, Pos y) const
    {
        return m_a[static_cast<std::size_t>(x)] == m_b[static_cast<std::size_t>(y)];
    }
    void mark(Pos a0, Pos a1, Pos b0, Pos b1);
    Split split(Pos a0, Pos a1, Pos b0, Pos b1);
    Split give_up(Pos a0, Pos a1, Pos b0, Pos b1, Pos f[2], Pos b[2]);

    const std::vector<std::uint32_t>& m_a;
    const std::vector<std::uint32_t>& m_b;
    std::vector<bool> m_removed;
    std::vector<bool> m_inserted;
    std::vector<Pos> m_fwd;
    std::vector<Pos> m_bwd;
    Pos m_offset = 0;
    Pos m_max_cost = k_min_cost;
};

void Myers::mark(Pos a0, Pos a1, Pos b0, Pos b1)
{
    for (Pos i = a0; i < a1; ++i)
        m_removed[static_cast<std::size_t>(i)] = true;
    for (Pos j = b0; j < b1; ++j)
        m_inserted[static_cast<std::size_t>(j)] = true;
}

void Myers::compare(Pos a0, Pos a1, Pos b0, Pos b1)
{
    while (a0 < a1 && b0 < b1 && same(a0, b0)) {
        ++a0;
        ++b0;
    }
    while (a0 < a1 && b0 < b1 && same(a1 - 1, b1 - 1)) {
        --a1;
        --b1;
    }
    if (a0 == a1 || b0 == b1) {
        mark(a0, a1, b0, b1);
        return;
    }
    Split s = split(a0, a1, b0, b1);
    bool inside = s.x >= a0 && s.x <= a1 && s.y >= b0 && s.y <= b1;
    bool progress = !(s.x == a0 && s.y == b0) && !(s.x == a1 && s.y == b1);
    if (!inside || !progress) {  // cannot happen; guarantees termination all the same
        mark(a0, a1, b0, b1);
        return;
    }
    compare(a0, s.x, b0, s.y);
    compare(s.x, a1, s.y, b1);
}

// Returns a point on an optimal path through the box, or after m_max_cost steps the point
// that got furthest (a good but possibly non-minimal split).
Split Myers::split(Pos a0, Pos a1, Pos b0, Pos b1)
{
    const Pos dmin = a0 - b1;
    const Pos dmax = a1 - b0;
    const Pos fmid = a0 - b0;
    const Pos bmid = a1 - b1;
    const bool odd = ((fmid - bmid) & 1) != 0;
    Pos f[2] = {fmid, fmid};  // min, max diagonal of the forward search
    Pos b[2] = {bmid, bmid};
    fwd(fmid) = a0;
    bwd(bmid) = a1;
    for (Pos cost = 1;; ++cost) {
        if (f[0] > dmin)
            fwd(--f[0] - 1) = -1;
        else
            ++f[0];
        if (f[1] < dmax)
            fwd(++f[1] + 1) = -1;
        else
            --f[1];
        for (Pos d = f[1]; d >= f[0]; d -= 2) {
            Pos x = fwd(d - 1) >= fwd(d + 1) ? fwd(d - 1) + 1 : fwd(d + 1);
            Pos y = x - d;
            while (x < a1 && y < b1 && same(x, y)) {
                ++x;
                ++y;
            }
            fwd(d) = x;
            if (odd && b[0] <= d && d <= b[1] && bwd(d) <= x) return {x, y};
        }
        if (b[0] > dmin)
            bwd(--b[0] - 1) = k_far;
        else
            ++b[0];
        if (b[1] < dmax)
            bwd(++b[1] + 1) = k_far;
        else
            --b[1];
        for (Pos d = b[1]; d >= b[0]; d -= 2) {
            Pos x = bwd(d - 1) < bwd(d + 1) ? bwd(d - 1) : bwd(d + 1) - 1;
            Pos y = x - d;
            while (x > a0 && y > b0 && same(x - 1, y - 1)) {
                --x;
                --y;
            }
            bwd(d) = x;
            if (!odd && f[0] <= d && d <= f[1] && x <= fwd(d)) return {x, y};
        }
        if (cost >= m_max_cost) return give_up(a0, a1, b0, b1, f, b);
    }
}

Split Myers::give_up(Pos a0, Pos a1, Pos b0, Pos b1, Pos f[2], Pos b[2])
{
    Pos fbest = -1;
    Pos fbest_x = -1;
    for (Pos d = f[1]; d >= f[0]; d -= 2) {
        Pos x = std::min(fwd(d), a1);
        Pos y = x - d;
        if (y > b1) {
            x = b1 + d;
            y = b1;
        }
        if (fbest < x + y) {
            fbest = x + y;
            fbest_x = x;
        }
    }
    Pos bbest = k_far;
    Pos bbest_x = k_far;
    for (Pos d = b[1]; d >= b[0]; d -= 2) {
        Pos x = std::max(a0, bwd(d));
        Pos y = x - d;
        if (y < b0) {
            x = b0 + d;
            y = b0;
        }
        if (x + y < bbest) {
            bbest = x + y;
            bbest_x = x;
        }
    }
    if ((a1 + b1) - bbest < fbest - (a0 + b0)) return {fbest_x, fbest - fbest_x};
    return {bbest_x, bbest - bbest_x};
}

std::vector<Run> Myers::runs() const
{
    std::vector<Run> out;
    const std::size_t n = m_a.size();
    const std::size_t m = m_b.size();
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        std::size_t k = 0;
        while (i + k < n && j + k < m && !m_removed[i + k] && !m_inserted[j + k])
            ++k;
        if (k > 0) out.push_back({RunKind::equal, i, j, k});
        i += k;
        j += k;
        std::size_t r = 0;
        while (i + r < n && m_removed[i + r])
            ++r;
        std::size_t s = 0;
        while (j + s < m && m_inserted[j + s])
            ++s;
        if (r > 0) out.push_back({RunKind::remove, i, j, r});
        if (s > 0) out.push_back({RunKind::insert, i + r, j, s});
        i += r;
        j += s;
        if (k == 0 && r == 0 && s == 0) break;  // unreachable: flags always pair up
    }
    return out;
}

}  // namespace

std::vector<Run> diff_sequences(const std::vector<std::uint32_t>& a,
                                const std::vector<std::uint32_t>& b)
{
    Myers myers(a, b);
    myers.compare(0, static_cast<Pos>(a.size()), 0, static_cast<Pos>(b.size()));
    return myers.runs();
}

}  // namespace ssosnap::diff
