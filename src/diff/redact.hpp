#pragma once
// Redaction of secret values: every renderer and textconv shows a secret only as
// "<redacted hmac:xxxxxxxxxxxx>" (a keyed fingerprint, core/fingerprint.hpp), so a change
// stays visible while the value does not, and equal values show equal fingerprints under one
// key. Which keys, values and files are secret is decided by archive/secrets.hpp and
// archive/secret_scan.hpp (one rule set); this file applies them to values and texts.

#include "archive/entry.hpp"
#include "core/fingerprint.hpp"

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

/// Whether secret values are hidden (and under which fingerprint key) or shown. Passed to
/// every comparison and to textconv; the CLI loads the user's key and injects it.
class Redactor
{
public:
    /// Redacts under a random key made once per process: values stay hidden, fingerprints
    /// are comparable within this run only (the safe default for code that has no key).
    Redactor();
    /// Redacts under `key`.
    explicit Redactor(const core::FingerprintKey& key);
    /// Returns a Redactor that shows secret values (--reveal-secrets).
    static Redactor reveal();

    /// Returns true when values are shown rather than redacted.
    bool reveals() const { return m_reveal; }
    /// Returns "<redacted hmac:xxxxxxxxxxxx>" for `value` (even when revealing: callers that
    /// reveal do not ask).
    std::string redaction(std::string_view value) const;
    /// Returns `value` with what the value rules find secret (archive::is_secret_value)
    /// redacted: the whole value for a PEM private key or base64 key material, else each
    /// credential inside it. Unchanged when revealing.
    std::string redact_value(std::string_view value) const;
    /// Returns `text` with every secret span (archive::find_secret_spans) and every line
    /// of a PEM private-key block redacted, line by line so that line numbers stay. Unchanged
    /// when revealing.
    std::string redact_text(std::string_view text) const;

private:
    core::FingerprintKey m_key{};
    bool m_reveal = false;
};

/// Returns true when an entry is a secret as a whole, so only fingerprints of it are shown:
/// its name says so (archive::is_secret_by_name), or it is text or binary and its content
/// says so (archive::is_secret_material: keytab, key store, PEM private key, base64 of
/// these). JSON, .properties and XML entries are compared with their secret values redacted
/// instead.
bool is_secret_file(std::string_view name, archive::EntryKind kind, std::string_view content);

/// Returns true when `text` contains a PEM private-key BEGIN marker
/// ("-----BEGIN ... PRIVATE KEY-----", any key type).
bool has_private_key_marker(std::string_view text);

/// Splits `text` into lines, each view keeping its terminator ('\n'); the last line may
/// have none. An empty text has no lines.
std::vector<std::string_view> split_lines(std::string_view text);

/// Replaces each line of `lines` that lies inside a PEM private-key block (and a BEGIN or END
/// line carrying anything besides its marker) by its redaction, keeping the terminator. The
/// replacement texts live in `storage`, which must outlive `lines`.
void redact_key_block_lines(std::vector<std::string_view>& lines, std::deque<std::string>& storage,
                            const Redactor& redactor);

/// Returns `text` with its private-key block lines redacted (unchanged when it has none).
std::string redact_key_blocks(std::string_view text, const Redactor& redactor);

}  // namespace ssosnap::diff
