#pragma once
// Java .properties files, compared by key (java.util.Properties rules: '#' and '!' comments,
// '=', ':' or white space between key and value, backslash line continuations, \uXXXX and
// the other escapes; a key given twice keeps its last value).

#include "diff/redact.hpp"
#include "diff/report.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

/// Returns the key → value map of a .properties text (never fails: malformed escapes are
/// kept as written). Values of secret keys, and what the value rules find in other values, are
/// redacted unless `redactor` reveals.
std::map<std::string, std::string> parse_properties(std::string_view text,
                                                    const Redactor& redactor);

/// Returns the keys added, removed or changed, in key order.
std::vector<PropertyChange> diff_properties(std::string_view old_text, std::string_view new_text,
                                            const Redactor& redactor);

/// Returns the canonical text form: one "key = value" line per key, sorted, secrets redacted.
std::string canonical_properties(std::string_view text, const Redactor& redactor);

}  // namespace ssosnap::diff
