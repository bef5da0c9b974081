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
#include <filesystem>
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

/// Replaces every occurrence of `old_url` by `new_url` in `text` (both without a trailing
/// '/'). An occurrence counts only when the URL ends there: the next character does not
/// continue a host name, port or path segment, so "https://a.example.test/jira" leaves
/// ".../jira2" alone. JSON entries also match the "\/"-escaped spelling, properties entries
/// the "\:" / "\="-escaped spelling Java's Properties.store writes. Pure.
UrlRewrite replace_base_url(std::string_view text, std::string_view old_url,
                            std::string_view new_url, archive::EntryKind kind);

struct RebaseOptions {
    std::string new_base_url;
    /// Output archive; empty = "<archive stem>-rebased.zip" beside the input. Never
    /// overwritten.
    std::filesystem::path out;
    /// Identities to read an encrypted ARCHIVE; recipients to write the output encrypted
    /// (then `out` gets ".age" appended when it lacks it, and no plaintext is written).
    crypt::AgeOptions age;
};

struct RebaseReport {
    std::filesystem::path out;
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
