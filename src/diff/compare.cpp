#include "diff/compare.hpp"

#include "archive/classify.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "diff/glob.hpp"
#include "diff/json_diff.hpp"
#include "diff/meta_diff.hpp"
#include "diff/properties.hpp"
#include "diff/redact.hpp"
#include "diff/text_diff.hpp"

#include <algorithm>
#include <map>

namespace ssosnap::diff
{
namespace
{

using archive::EntryKind;

bool is_textual(EntryKind kind)
{
    return kind == EntryKind::json || kind == EntryKind::xml || kind == EntryKind::properties ||
           kind == EntryKind::text;
}

// Name → position in Snapshot::entries of the entries taking part in the comparison.
std::map<std::string, std::size_t>
index_entries(const Snapshot& side, const CompareOptions& options, std::size_t& ignored)
{
    std::map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < side.entries.size(); ++i) {
        const auto& e = side.entries[i];
        if (e.is_directory || (!side.meta_entry.empty() && e.name == side.meta_entry)) continue;
        auto matches = [&](const std::string& g) { return glob_match(g, e.name); };
        bool skip = std::any_of(options.ignore.begin(), options.ignore.end(), matches) ||
                    (!options.only.empty() &&
                     std::none_of(options.only.begin(), options.only.end(), matches));
        if (skip) {
            ++ignored;
            continue;
        }
        out.try_emplace(e.name, i);
    }
    return out;
}

class EntryComparer
{
public:
    EntryComparer(const Snapshot& a, const Snapshot& b, const CompareOptions& options)
        : m_a(a), m_b(b), m_options(options)
    {
    }

    // Compares an entry present on both sides; returns nullopt when equal.
    core::Result<std::optional<EntryDiff>> both(const std::string& name, std::size_t ia,
                                                std::size_t ib, std::size_t& shortcuts) const
    {
        const auto& ea = m_a.entries[ia];
        const auto& eb = m_b.entries[ib];
        bool same_header = ea.size == eb.size && ea.crc32 == eb.crc32;
        if (same_header && !m_options.paranoid) {
            ++shortcuts;
            return std::optional<EntryDiff>{};
        }
        EntryDiff d = header(name, EntryStatus::modified, &ea, &eb);
        if (m_options.brief && !same_header) return std::optional<EntryDiff>{std::move(d)};
        auto old_bytes = load(m_a, ia, name);
        if (!old_bytes) return core::fail(old_bytes.error());
        auto new_bytes = load(m_b, ib, name);
        if (!new_bytes) return core::fail(new_bytes.error());
        if (*old_bytes == *new_bytes) return std::optional<EntryDiff>{};
        if (!m_options.brief) details(d, *old_bytes, *new_bytes);
        return std::optional<EntryDiff>{std::move(d)};
    }

    EntryDiff header(const std::string& name, EntryStatus status, const archive::Entry* ea,
                     const archive::Entry* eb) const
    {
        EntryDiff d;
        d.name = name;
        d.status = status;
        d.kind = archive::classify_by_name(name);
        d.secret = archive::is_secret_by_name(name);
        if (ea) d.old_size = ea->size;
        if (eb) d.new_size = eb->size;
        return d;
    }

private:
    static core::Result<std::string> load(const Snapshot& side, std::size_t i,
                                          const std::string& name)
    {
        return side.read(i).with_context("reading " + core::quote(name) + " from " +
                                         core::quote(side.label));
    }

    void details(EntryDiff& d, const std::string& a, const std::string& b) const
    {
        auto kind_a = archive::classify(d.name, a);
        auto kind_b = archive::classify(d.name, b);
        d.kind = kind_b;
        d.secret = is_secret_file(d.name, kind_a, a) || is_secret_file(d.name, kind_b, b);
        const Redactor& redactor = m_options.redactor;
        if (d.secret && !redactor.reveals()) return binary(d, a, b, &redactor);
        if (kind_a == EntryKind::json && kind_b == EntryKind::json) {
            auto changes = diff_json(a, b, redactor);
            if (changes) {
                d.detail = Detail::json;
                d.json = std::move(*changes);
                d.layout_only = d.json.empty();
                return;
            }
        }
        if (kind_a == EntryKind::properties && kind_b == EntryKind::properties) {
            d.detail = Detail::properties;
            d.properties = diff_properties(a, b, redactor);
            d.layout_only = d.properties.empty();
            return;
        }
        if (is_textual(kind_a) && is_textual(kind_b)) {
            d.detail = Detail::text;
            d.hunks = diff_text(a, b, {m_options.context, redactor});
            d.layout_only = d.hunks.empty();
            return;
        }
        binary(d, a, b, nullptr);
    }

    // Secret files show keyed fingerprints (`redactor`); other binaries plain SHA-256 ones.
    static void binary(EntryDiff& d, const std::string& a, const std::string& b,
                       const Redactor* redactor)
    {
        d.detail = Detail::binary;
        d.old_fingerprint = redactor ? redactor->redaction(a) : core::fingerprint(a);
        d.new_fingerprint = redactor ? redactor->redaction(b) : core::fingerprint(b);
    }

    const Snapshot& m_a;
    const Snapshot& m_b;
    const CompareOptions& m_options;
};

}  // namespace

core::Result<DiffReport> compare(const Snapshot& old_side, const Snapshot& new_side,
                                 const CompareOptions& options)
{
    DiffReport report;
    report.old_label = old_side.label;
    report.new_label = new_side.label;
    report.metadata = diff_metadata(old_side, new_side);
    auto a = index_entries(old_side, options, report.ignored);
    auto b = index_entries(new_side, options, report.ignored);
    EntryComparer comparer(old_side, new_side, options);
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
            report.entries.push_back(comparer.header(ia->first, EntryStatus::removed,
                                                     &old_side.entries[ia->second], nullptr));
            ++ia;
        } else if (ia == a.end() || ib->first < ia->first) {
            report.entries.push_back(comparer.header(ib->first, EntryStatus::added, nullptr,
                                                     &new_side.entries[ib->second]));
            ++ib;
        } else {
            auto d = comparer.both(ia->first, ia->second, ib->second, report.crc_shortcuts);
            if (!d) return core::fail(d.error());
            if (*d)
                report.entries.push_back(std::move(**d));
            else
                ++report.unchanged;
            ++ia;
            ++ib;
        }
    }
    return report;
}

}  // namespace ssosnap::diff
