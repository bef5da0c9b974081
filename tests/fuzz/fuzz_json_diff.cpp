// libFuzzer target: the structural JSON diff of two inputs (split at the first NUL byte).
// Both secret modes run; diffing a document with itself must report no change, and the
// canonical form of a valid document must itself be valid and canonical.

#include "diff/json_diff.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto cut = input.find('\0');
    std::string_view a = input.substr(0, cut);
    std::string_view b = cut == std::string_view::npos ? std::string_view{} : input.substr(cut + 1);
    namespace df = ssosnap::diff;
    (void)df::diff_json(a, b, df::Redactor());
    (void)df::diff_json(a, b, df::Redactor::reveal());
    auto same = df::diff_json(a, a, df::Redactor::reveal());
    if (same && !same->empty()) __builtin_trap();
    // Canonical form is idempotent when secrets are shown (a redaction is itself a value under
    // a secret key, so redacting twice legitimately differs), and redaction does not depend on
    // the layout of the input.
    auto canon = df::canonical_json(a, df::Redactor::reveal());
    if (canon) {
        auto twice = df::canonical_json(*canon, df::Redactor::reveal());
        if (!twice || *twice != *canon) __builtin_trap();
        auto redacted = df::canonical_json(a, df::Redactor());
        auto redacted_canon = df::canonical_json(*canon, df::Redactor());
        if (!redacted || !redacted_canon || *redacted != *redacted_canon) __builtin_trap();
    }
    (void)df::pointer_escape(b);
    return 0;
}
