#pragma once
// Myers' O(ND) difference algorithm (linear space, divide and conquer on the middle snake)
// over sequences of integer ids. Lines, array elements and keyed array elements are all
// turned into ids first, so one engine serves every kind of entry. A cost cut-off (the same
// heuristic git's xdiff uses) keeps pathological inputs near-linear at the price of a
// possibly non-minimal script.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ssosnap::diff
{

/// One run of an edit script: `count` elements kept, deleted (from the old side) or inserted
/// (from the new side), starting at old_start / new_start.
enum class RunKind { equal, remove, insert };

struct Run {
    RunKind kind = RunKind::equal;
    std::size_t old_start = 0;
    std::size_t new_start = 0;
    std::size_t count = 0;
};

/// Returns the edit script turning `a` into `b` as runs in order; within one change, removals
/// come before insertions. Minimal (longest common subsequence) unless the cost cut-off was
/// reached. Never fails; memory is O(size(a) + size(b)).
std::vector<Run> diff_sequences(const std::vector<std::uint32_t>& a,
                                const std::vector<std::uint32_t>& b);

}  // namespace ssosnap::diff
