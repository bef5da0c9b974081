#pragma once
// Finding secret values in text by lexical rules, for every text format the diff shows line
// by line: XML (element text and attributes), YAML, INI/conf and plain key=value or
// key: value lines, JSON that did not parse. A lexical scanner rather than parsers: it must
// keep working on malformed or hostile input, where a parser would give up and leave the
// values in clear. The secret rules themselves are in secrets.hpp.

#include "archive/secrets.hpp"

#include <string_view>
#include <vector>

namespace ssosnap::archive
{

/// Returns the byte ranges of `text` that hold secret values, sorted and merged:
/// - lines `key = value`, `key: value`, `key value` (also quoted keys, `export KEY=...`,
///   list items `- key: value`, and commented-out lines) whose key is_secret_key: the value;
/// - under such a key with an empty value or a YAML block indicator (`|`, `>`): every
///   following line indented deeper than the key;
/// - XML: the text of an element whose name is secret, the value of a secret-named attribute,
///   and for an element whose name/key/property/id attribute names a secret, its value
///   attributes and its text (`<property name="password" value="..."/>`, `<entry
///   key="password">...</entry>`), and `<name>password</name><value>...</value>`; an
///   element that is never closed is secret to the end of the text;
/// - what find_secret_value_spans finds anywhere, and lines of base64 that together decode
///   to key material.
/// PEM private-key blocks are not included (see is_secret_material). Never fails.
std::vector<SecretSpan> find_secret_spans(std::string_view text);

}  // namespace ssosnap::archive
