#pragma once
// Redaction of secret values: every renderer and textconv shows a secret only as
// "<redacted sha256:xxxxxxxx>" (the first 8 hex digits of the SHA-256 of its bytes), so a
// change stays visible while the value does not. Which keys and files are secrets is decided
// by archive/classify.hpp; this file holds the text-level rules (PEM private-key blocks).

#include "archive/entry.hpp"

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

/// Returns true when an entry is a secret as a whole, so only fingerprints of it are shown:
/// its name says so (archive::is_secret_by_name), or it is text or binary and its content
/// says so (keytab, key store, PEM private key). JSON, .properties and XML entries are
/// compared with their secret values redacted instead.
bool is_secret_file(std::string_view name, archive::EntryKind kind, std::string_view content);

/// Returns "<redacted sha256:xxxxxxxx>" for `value`.
std::string redaction(std::string_view value);

/// Returns true when `text` contains a PEM private-key BEGIN marker
/// ("-----BEGIN ... PRIVATE KEY-----", any key type).
bool has_private_key_marker(std::string_view text);

/// Splits `text` into lines, each view keeping its terminator ('\n'); the last line may
/// have none. An empty text has no lines.
std::vector<std::string_view> split_lines(std::string_view text);

/// Replaces each line of `lines` that lies inside a PEM private-key block (and a BEGIN or END
/// line carrying anything besides its marker) by its redaction, keeping the terminator. The
/// replacement texts live in `storage`, which must outlive `lines`.
void redact_key_block_lines(std::vector<std::string_view>& lines, std::deque<std::string>& storage);

/// Returns `text` with its private-key block lines redacted (unchanged when it has none).
std::string redact_key_blocks(std::string_view text);

}  // namespace ssosnap::diff
