#pragma once
// rebase: rewrite an archive for another base URL (prod -> staging, a new domain). The
// metadata baseUrl and every occurrence of the old base URL in JSON, XML, properties and
// text entries are replaced; every other entry is copied with its compressed bytes
// unchanged. Every place changed is reported, and so is what a new URL needs beyond the
// archive (Kerberos SPN and keytab, SAML ACS and OIDC redirect registrations at the IdP).

#include "archive/entry.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "crypt/age.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::workflow
{

/// One line of one entry where the base URL was replaced.
struct RebaseChange {
    std::string entry;      ///< entry name
    std::size_t line = 0;   ///< 1-based
    std::size_t count = 0;  ///< occurrences replaced on that line
};

/// The result of replace_base_url on one text.
struct UrlRewrite {
    std::string text;
    std::vector<RebaseChange> changes;  ///< entry left empty
};

/// One place where a base URL occurs in a text.
struct UrlOccurrence {
    std::size_t offset = 0;    ///< byte offset in the text
    std::size_t length = 0;    ///< bytes of the spelling found
    std::size_t spelling = 0;  ///< which spelling (plain first; internal to the matcher)
};

/// The one matcher for a base URL inside an entry, used by rebase (to rewrite) and by
/// validate --base-url (to name the entries that hold the old URL), so both always agree.
/// Finds every occurrence of `url` (surrounding blanks and a trailing '/' dropped) in `text`:
/// scheme and host compare case-insensitively, the path exactly. An occurrence counts only
/// when the URL ends there: the next character does not continue a host name, port or path
/// segment, so "https://a.example.test/jira" leaves ".../jira2" alone. Every entry also
/// matches the percent-encoded spelling (redirect URIs in query strings); JSON entries also
/// the "\/"-escaped spelling, properties entries the "\:" / "\="-escaped spelling Java's
/// Properties.store writes. Pure; occurrences in text order, never overlapping.
std::vector<UrlOccurrence> find_base_url(std::string_view text, std::string_view url,
                                         archive::EntryKind kind);

/// Replaces every occurrence find_base_url finds of `old_url` by `new_url` (both without a
/// trailing '/'), each in the spelling of the occurrence. Pure.
UrlRewrite replace_base_url(std::string_view text, std::string_view old_url,
                            std::string_view new_url, archive::EntryKind kind);

struct RebaseOptions {
    std::string new_base_url;
    /// Output archive; empty = a new snapshot name beside the input,
    /// "sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip" for `time_millis` in `zone`, whose metadata
    /// timeMillis becomes that time too: a valid snapshot that `restore` accepts and whose id
    /// differs from the original's. With an explicit `out` the metadata time is kept. Never
    /// overwritten.
    std::filesystem::path out;
    std::optional<std::int64_t> time_millis;  ///< epoch ms, UTC; default: now
    std::optional<std::string> zone;          ///< IANA zone of the name; default: the system's
    /// Identities to read an encrypted ARCHIVE; recipients to write the output encrypted
    /// (then `out` gets ".age" appended when it lacks it, and no plaintext is written).
    crypt::AgeOptions age;
};

struct RebaseReport {
    std::filesystem::path out;
    /// The output's new timeMillis (the default name); nullopt when the time was kept.
    std::optional<std::int64_t> time_millis;
    std::string old_base_url;
    std::string new_base_url;
    std::vector<RebaseChange> changes;  ///< every place changed, in entry order
    std::size_t entries_rewritten = 0;
    std::size_t entries_copied = 0;  ///< copied with their compressed bytes unchanged
    /// What the new URL needs outside the archive: kerberos-spn, saml-acs, oidc-redirect.
    std::vector<core::Finding> warnings;
};

/// Writes the rebased copy of `archive` atomically (0600, plus its .sha256 sidecar).
/// Fails with Errc::input when the archive is unreadable or has no metadata baseUrl inside
/// it, Errc::usage when the new URL is not usable or equals the old one.
core::Result<RebaseReport> rebase_archive(const std::filesystem::path& archive,
                                          const RebaseOptions& options);

}  // namespace ssosnap::workflow
