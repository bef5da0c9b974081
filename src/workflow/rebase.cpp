// The archive half of rebase: read every entry, rewrite the text ones, copy the rest.
#include "workflow/rebase.hpp"

#include "archive/classify.hpp"
#include "archive/lint.hpp"
#include "archive/reader.hpp"
#include "archive/writer.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "metadata/local_time.hpp"
#include "metadata/locate.hpp"
#include "metadata/validate.hpp"
#include "rest/url.hpp"
#include "workflow/snapshot_file.hpp"

#include <map>

namespace ssosnap::workflow
{
namespace
{

namespace fs = std::filesystem;

bool is_rewritable(archive::EntryKind kind)
{
    return kind == archive::EntryKind::json || kind == archive::EntryKind::xml ||
           kind == archive::EntryKind::properties || kind == archive::EntryKind::text;
}

/// The host name of an http(s) URL, lower case, without port or credentials.
std::string host_of(std::string_view url)
{
    auto start = url.find("://");
    start = start == std::string_view::npos ? 0 : start + 3;
    auto end = url.find_first_of("/?#", start);
    auto authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos)
        authority = authority.substr(0, colon);
    return core::to_lower(authority);
}

bool is_keytab(const std::string& name, std::string_view content)
{
    auto lower = core::to_lower(name);
    return (lower.size() > 7 && lower.ends_with(".keytab")) ||
           (content.size() >= 2 && content[0] == '\x05' && content[1] == '\x02');
}

/// What the archive tells about identity-provider set-ups that the new URL affects.
struct Signals {
    std::string spn;                       ///< "HTTP/<old host>"
    std::vector<std::string> keytabs;      ///< keytab entries
    std::vector<std::string> spn_entries;  ///< text entries naming the old SPN
    bool saml = false;
    bool oidc = false;
    void observe(const std::string& name, std::string_view content, archive::EntryKind kind)
    {
        if (is_keytab(name, content)) keytabs.push_back(name);
        std::string_view text = is_rewritable(kind) ? content : std::string_view{};
        if (core::icontains(text, spn)) spn_entries.push_back(name);
        saml = saml || core::icontains(name, "saml") || core::icontains(text, "saml");
        oidc = oidc || core::icontains(name, "oidc") || core::icontains(name, "openid") ||
               core::icontains(text, "oidc") || core::icontains(text, "openid");
    }
};

std::vector<core::Finding> warnings_for(const Signals& s, const std::string& old_url,
                                        const std::string& new_url)
{
    std::vector<core::Finding> out;
    auto old_host = host_of(old_url);
    auto new_host = host_of(new_url);
    if (old_host != new_host) {
        for (const auto& k : s.keytabs) {
            out.push_back({core::Severity::warning, "kerberos-spn", k,
                           std::string("the keytab holds keys for HTTP/")
                               .append(old_host)
                               .append("; create the service principal HTTP/")
                               .append(new_host)
                               .append(" in the KDC and replace this keytab with one for it")});
        }
        for (const auto& e : s.spn_entries) {
            out.push_back({core::Severity::warning, "kerberos-spn", e,
                           std::string("names the service principal HTTP/")
                               .append(old_host)
                               .append(" (a principal, not a URL: left as it is); change it to "
                                       "HTTP/")
                               .append(new_host)
                               .append(" once that principal and its keytab exist")});
        }
    }
    if (s.saml) {
        out.push_back({core::Severity::warning, "saml-acs", "",
                       "register the new Assertion Consumer Service URLs (under " + new_url +
                           ") with every SAML identity provider; they still post to " + old_url});
    }
    if (s.oidc) {
        out.push_back({core::Severity::warning, "oidc-redirect", "",
                       "register the new redirect URIs (under " + new_url +
                           ") with every OpenID Connect provider; they still allow only " +
                           old_url});
    }
    return out;
}

/// The metadata must live inside the archive (metadata.json or another root JSON object):
/// a sidecar's record names the original file and would not travel with the output.
core::Result<void> check_metadata_inside(const metadata::LocatedMeta& located)
{
    bool inside = located.source == metadata::MetaSource::metadata_json ||
                  located.source == metadata::MetaSource::root_json;
    if (!inside || !located.meta) {
        auto id = located.findings.empty() ? std::string("metadata-missing")
                                           : located.findings.front().code;
        return core::fail(core::Errc::input,
                          "no metadata inside the archive: rebase needs its baseUrl", id);
    }
    if (located.meta->base_url.empty()) {
        return core::fail(core::Errc::input, "the archive's metadata has no baseUrl",
                          "metadata-invalid");
    }
    return {};
}

core::Result<void> check_structure(const archive::Reader& reader)
{
    for (const auto& f : archive::lint_structure(reader)) {
        if (f.severity == core::Severity::error) {
            return core::fail(core::Errc::input,
                              (f.path.empty() ? "" : core::quote(f.path) + ": ") + f.message,
                              f.code);
        }
    }
    return {};
}

// The default output: a new snapshot name for `millis` beside the input, so the result is a
// valid snapshot (restore accepts it) whose id is not the original's.
core::Result<fs::path> default_out(const fs::path& archive, std::int64_t millis,
                                   const std::optional<std::string>& zone)
{
    auto name_time = metadata::local_name_time(millis, zone);
    if (!name_time) return core::fail(name_time.error());
    return archive.parent_path() / metadata::snapshot_file_name(*name_time);
}

// The output's name: encrypted output ends in ".age".
fs::path encrypted_name(fs::path out, const RebaseOptions& options)
{
    if (crypt::encrypts(options.age) && !has_encrypted_name(out))
        out += std::string(crypt::k_suffix);
    return out;
}

core::Result<void> write_output(const LoadedSnapshot& loaded, const fs::path& out,
                                const std::map<std::string, std::string>& replacements,
                                const crypt::AgeOptions& age)
{
    archive::WriteOptions write;
    write.mtime_millis = 0;  // rewritten entries keep their own times: output is deterministic
    if (crypt::encrypts(age)) {
        auto bytes = archive::rebuild_archive(loaded.reader, replacements, write);
        if (!bytes) return core::fail(bytes.error());
        auto reopened = load_snapshot_bytes(std::move(*bytes), out);
        if (!reopened) return core::fail(reopened.error());
        // The archive's bytes as the reader holds them: no second copy of the plaintext.
        const auto plain = reopened->reader.memory_bytes();
        if (!plain) return core::fail(core::Errc::internal, "an archive not held in memory");
        auto written = write_encrypted_snapshot(age, *plain, *reopened, out);
        if (!written) return core::fail(written.error());
        return {};
    }
    SSOSNAP_TRY(archive::rewrite_archive(loaded.reader, out, replacements, write)
                    .with_context("writing " + core::quote(out.string())));
    if (auto sidecar = write_sha256_sidecar(out); !sidecar) {
        std::error_code ec;
        fs::remove(out, ec);
        return core::fail(sidecar.error());
    }
    return {};
}

// The base-URL check of the remote commands (rest::normalize_base_url, libcurl's parser): an
// absolute http(s) URL with a host, no credentials, no query or fragment. Surrounding blanks
// (a pasted URL) are dropped first.
core::Result<std::string> normalize_base_url(std::string_view url)
{
    return rest::normalize_base_url(core::trim(url));
}

}  // namespace

core::Result<RebaseReport> rebase_archive(const fs::path& path, const RebaseOptions& options)
{
    auto new_url = normalize_base_url(options.new_base_url);
    if (!new_url) return core::fail(new_url.error().with_context("--base-url"));
    const auto context = "rebasing " + core::quote(path.string());
    auto loaded = load_snapshot(path, {}, SidecarCheck::no, options.age);
    if (!loaded) return core::fail(loaded.error().with_context(context));
    const auto* reader = &loaded->reader;
    const auto* located = &loaded->located;
    SSOSNAP_TRY(check_structure(*reader).with_context(context));
    SSOSNAP_TRY(check_metadata_inside(*located).with_context(context));
    auto old_url = normalize_base_url(located->meta->base_url);
    if (!old_url) {
        return core::fail(core::Errc::input,
                          context + ": metadata baseUrl " + core::quote(located->meta->base_url) +
                              " is not an http(s) URL",
                          "metadata-invalid");
    }
    if (metadata::same_base_url(*old_url, *new_url)) {
        return core::fail(core::Errc::usage,
                          context + ": the archive already has base URL " + *new_url, "usage");
    }
    RebaseReport report;
    report.old_base_url = *old_url;
    report.new_base_url = *new_url;
    if (options.out.empty()) {
        report.time_millis = options.time_millis.value_or(core::now_millis());
        auto out = default_out(path, *report.time_millis, options.zone);
        if (!out) return core::fail(out.error().with_context(context));
        report.out = encrypted_name(*out, options);
    } else {
        report.out = encrypted_name(options.out, options);
    }
    std::map<std::string, std::string> replacements;
    Signals signals;
    signals.spn = "HTTP/" + host_of(*old_url);
    const auto& entries = reader->entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].is_directory) continue;
        auto data = reader->read(i);
        if (!data) return core::fail(data.error().with_context(context));
        auto kind = archive::classify(entries[i].name, *data);
        signals.observe(entries[i].name, *data, kind);
        if (!is_rewritable(kind)) continue;
        auto rewrite = replace_base_url(*data, *old_url, *new_url, kind);
        if (rewrite.changes.empty()) continue;
        for (auto& c : rewrite.changes) {
            c.entry = entries[i].name;
            report.changes.push_back(std::move(c));
        }
        replacements[entries[i].name] = std::move(rewrite.text);
    }
    // The metadata must end up with the new baseUrl even where its spelling defeated the
    // text replacement (e.g. \u002f escapes), and with the new time when there is one: then
    // it is written anew from the parsed record (unknown fields kept).
    const auto& meta_entry = located->entry;
    auto it = replacements.find(meta_entry);
    const bool text_changed = it != replacements.end();
    auto meta_after = metadata::parse_snapshot_meta(text_changed ? std::string_view(it->second)
                                                                 : std::string_view{});
    if (!text_changed || !meta_after || meta_after->base_url != *new_url || report.time_millis) {
        auto meta = *located->meta;
        meta.base_url = *new_url;
        if (report.time_millis) meta.time_millis = report.time_millis;
        replacements[meta_entry] = metadata::to_json(meta);
        if (!text_changed) report.changes.push_back({meta_entry, 0, 1});
    }
    report.entries_rewritten = replacements.size();
    report.entries_copied = entries.size() - replacements.size();
    report.warnings = warnings_for(signals, *old_url, *new_url);
    SSOSNAP_TRY(write_output(*loaded, report.out, replacements, options.age));
    return report;
}

}  // namespace ssosnap::workflow
