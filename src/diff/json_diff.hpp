#pragma once
// Structural comparison of two JSON documents. Objects are compared by key. Arrays whose
// elements are all objects carrying one identity key (the first of id, name, entityId, key,
// alias that every element on both sides has, with unique values) are matched by that key,
// so an IdP inserted in the middle is one added element; other arrays are aligned by a
// longest common subsequence of their elements (Myers, sequence.hpp).

#include "core/result.hpp"
#include "diff/redact.hpp"
#include "diff/report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

/// Returns the changes turning `old_text` into `new_text`, in document order; applied in
/// order they form an RFC 6902 patch. Comments (// and /* */) are allowed. Unless `redactor`
/// reveals, before comparing: every string or number under a key that names a secret
/// (archive::is_secret_key; in objects and arrays under it, every string and number), the
/// value members (value, data, ...) of an object whose name/key/id member names a secret
/// ({"name": "password", "value": "..."}), and what the value rules find in any other string
/// (Redactor::redact_value) are replaced by redactions. Fails with Errc::input (id
/// "json-invalid") when either side is not JSON.
core::Result<std::vector<JsonChange>>
diff_json(std::string_view old_text, std::string_view new_text, const Redactor& redactor);

/// Returns `text` pretty-printed (2 spaces, keys sorted) with secrets redacted as diff_json
/// does. Fails with Errc::input (id "json-invalid") when `text` is not JSON.
core::Result<std::string> canonical_json(std::string_view text, const Redactor& redactor);

/// Returns `token` escaped for a JSON Pointer segment (RFC 6901: "~" → "~0", "/" → "~1").
std::string pointer_escape(std::string_view token);

}  // namespace ssosnap::diff
