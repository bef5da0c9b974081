#pragma once
// What an entry holds: its kind (json, xml, properties, text, binary) and whether it is or
// holds a secret, by the one rule set of secrets.hpp (is_secret_key, is_secret_by_name and
// the content rules live there).

#include "archive/entry.hpp"
#include "archive/secrets.hpp"

#include <string_view>

namespace ssosnap::archive
{

/// Kind from the entry name alone (extension), for commands that inflate nothing.
EntryKind classify_by_name(std::string_view name);

/// Kind from the name and the content (content sniffing wins over a misleading extension; a
/// .json entry starting with // or /* comments is still json).
EntryKind classify(std::string_view name, std::string_view content);

/// Returns true when the content is or holds a secret: secret material as a whole
/// (is_secret_material; DER in a .p12/.pfx), a JSON text with a secret-named key whose value
/// is a non-empty string or a number, a properties text with a non-empty secret-named key,
/// or any text in which find_secret_spans (secret_scan.hpp) finds a secret value.
bool is_secret_content(std::string_view name, std::string_view content);

}  // namespace ssosnap::archive
