#pragma once
// Line diff of two texts into unified hunks. Near-linear for large files with few changes:
// the common prefix and suffix are trimmed byte-cheaply first, only the middle lines are
// interned to ids, and Myers' algorithm (sequence.hpp) runs on those ids in O(N + M) memory.

#include "diff/redact.hpp"
#include "diff/report.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

struct TextDiffOptions {
    std::size_t context = 3;  ///< unchanged lines shown around each change
    /// Unless it reveals, both texts are redacted first (Redactor::redact_text: secret
    /// values by the line, XML and value rules, PEM private-key block lines), then compared.
    Redactor redactor;
};

/// Returns the unified hunks turning `old_text` into `new_text` (none when equal). Lines end
/// at '\n'; a last line without one differs from the same line with one, and is followed by
/// a '\\' marker line in its hunk.
std::vector<Hunk> diff_text(std::string_view old_text, std::string_view new_text,
                            const TextDiffOptions& options);

}  // namespace ssosnap::diff
