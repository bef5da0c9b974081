#include "report/render_html.hpp"

#include "diff/meta_diff.hpp"
#include "report/escape.hpp"
#include "report/page.hpp"
#include "report/sections.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>

namespace ssosnap::report
{
namespace
{

using diff::EntryStatus;

// "1 entry", "2 entries".
std::string count_of(std::size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The text renderer's summary sentence, word for word, so both outputs agree.
std::string summary_sentence(const diff::DiffReport& r)
{
    std::string s;
    if (!r.differs()) {
        s = "same: " + count_of(r.unchanged, "entry", "entries") + " equal";
        if (!r.metadata.empty())
            s += "; not counted: " +
                 count_of(r.metadata.size(), "metadata field", "metadata fields");
    } else {
        s = "different: " + std::to_string(r.count(EntryStatus::added)) + " added, " +
            std::to_string(r.count(EntryStatus::removed)) + " removed, " +
            std::to_string(r.count(EntryStatus::modified)) + " modified, " +
            count_of(r.counting_metadata(), "metadata difference", "metadata differences") + "; " +
            std::to_string(r.unchanged) + " equal";
    }
    if (r.ignored > 0) s += "; " + std::to_string(r.ignored) + " ignored";
    return s;
}

// What people call a metadata field, beside its name in the record.
std::string_view field_label(std::string_view name)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_labels{{
        {"file", "file"},
        {"applicationName", "product"},
        {"applicationVersion", "product version"},
        {"pluginVersion", "Kantega SSO version"},
        {"baseUrl", "base URL"},
        {"timeMillis", "time"},
        {"description", "description"},
    }};
    for (const auto& [field, label] : k_labels)
        if (field == name) return label;
    return {};
}

struct StatusLook {
    const char* sign;
    const char* word;
};

StatusLook look_of(EntryStatus status)
{
    switch (status) {
    case EntryStatus::added:
        return {"+", "added"};
    case EntryStatus::removed:
        return {"\u2212", "removed"};
    case EntryStatus::modified:
        break;
    }
    return {"~", "modified"};
}

class PageWriter
{
public:
    PageWriter(const diff::DiffReport& diff, const PageInfo& info) : m_diff(diff), m_info(info)
    {
        for (const auto& note : info.risks)
            m_risk.try_emplace(note.entry, &note);
    }

    std::string render()
    {
        m_out = page_head(m_info.title + ": " + m_diff.old_label + " \u2192 " + m_diff.new_label);
        header();
        m_out += "<main>\n";
        snapshots();
        gate();
        summary();
        changes();
        m_out += "</main>\n";
        footer();
        m_out += page_tail();
        return std::move(m_out);
    }

private:
    void text(std::string_view s) { append_html(m_out, s); }

    void code(std::string_view s)
    {
        m_out += "<code>";
        text(s);
        m_out += "</code>";
    }

    void header()
    {
        m_out += "<header>\n<h1>";
        text(m_info.title);
        m_out += "</h1>\n<p class=\"sub\">old ";
        code(m_diff.old_label);
        m_out += " \u2192 new ";
        code(m_diff.new_label);
        m_out += "</p>\n";
        if (m_info.reveals_secrets)
            m_out += "<p class=\"verdict bad\">\u26a0 This report shows secret values "
                     "(--reveal-secrets). Do not attach or share it.</p>\n";
        m_out +=
            m_diff.differs() ? "<p class=\"verdict warn\">\u2260 " : "<p class=\"verdict ok\">= ";
        text(summary_sentence(m_diff));
        m_out += "</p>\n</header>\n";
    }

    const diff::MetaChange* changed_field(const std::string& name) const
    {
        for (const auto& m : m_diff.metadata)
            if (m.field == name) return &m;
        return nullptr;
    }

    void meta_row(const std::string& name, const std::string& old_value,
                  const std::string& new_value)
    {
        const auto* change = changed_field(name);
        m_out += change ? "<tr class=\"chg\"><th scope=\"row\">" : "<tr><th scope=\"row\">";
        auto label = field_label(name);
        if (!label.empty() && label != name) {
            text(label);
            m_out += " <span class=\"kind\">";
            text(name);
            m_out += "</span>";
        } else {
            text(name);
        }
        m_out += change ? "</th><td class=\"v old\">" : "</th><td class=\"v\">";
        text(old_value);
        m_out += change ? "</td><td class=\"v new\">" : "</td><td class=\"v\">";
        text(new_value);
        m_out += "</td><td>";
        if (change) m_out += change->counts ? "\u2260 differs" : "\u2260 differs (does not count)";
        m_out += "</td></tr>\n";
    }

    void snapshots()
    {
        m_out += "<section aria-labelledby=\"snapshots\">\n<h2 id=\"snapshots\">Snapshots</h2>\n"
                 "<table class=\"meta\"><thead><tr><th scope=\"col\">field</th><th "
                 "scope=\"col\">";
        text(m_info.old_side.role);
        m_out += "</th><th scope=\"col\">";
        text(m_info.new_side.role);
        m_out += "</th><th scope=\"col\">difference</th></tr></thead><tbody>\n";
        meta_row("file", m_diff.old_label, m_diff.new_label);
        const auto old_fields = diff::meta_fields(m_info.old_side.meta);
        const auto new_fields = diff::meta_fields(m_info.new_side.meta);
        auto value_in = [](const std::vector<diff::MetaField>& fields, const std::string& name) {
            for (const auto& f : fields)
                if (f.name == name) return f.value;
            return std::string();
        };
        for (const auto& f : old_fields)
            meta_row(f.name, f.value, value_in(new_fields, f.name));
        for (const auto& f : new_fields) {
            bool known = std::any_of(old_fields.begin(), old_fields.end(),
                                     [&](const diff::MetaField& o) { return o.name == f.name; });
            if (!known) meta_row(f.name, "", f.value);
        }
        m_out += "</tbody></table>\n";
        if (!m_info.old_side.meta || !m_info.new_side.meta)
            m_out += "<p>An empty column: that archive has no metadata.</p>\n";
        m_out += "</section>\n";
    }

    void gate()
    {
        if (!m_info.gate) return;
        const auto& g = *m_info.gate;
        m_out += "<section aria-labelledby=\"gate\">\n<h2 id=\"gate\">Version gate</h2>\n<p>";
        text(g.question);
        m_out += "</p>\n";
        static constexpr std::array<const char*, 4> k_class{"ok", "warn", "bad", "warn"};
        static constexpr std::array<const char*, 4> k_sign{"\u2713", "\u26a0", "\u2717", "?"};
        const auto i = static_cast<std::size_t>(g.outcome);
        m_out += std::string("<p class=\"verdict ") + k_class.at(i) + "\">" + k_sign.at(i) + " ";
        text(gate_outcome_name(g.outcome));
        if (!g.message.empty()) {
            m_out += ": ";
            text(g.message);
        }
        m_out += "</p>\n";
        if (!g.findings.empty()) {
            m_out += "<table class=\"findings\"><thead><tr><th scope=\"col\">severity</th><th "
                     "scope=\"col\">code</th><th scope=\"col\">message</th></tr></thead><tbody>\n";
            for (const auto& f : g.findings) {
                m_out += "<tr><td>";
                text(core::severity_name(f.severity));
                m_out += "</td><td>";
                code(f.code);
                m_out += "</td><td>";
                text(f.message);
                m_out += "</td></tr>\n";
            }
            m_out += "</tbody></table>\n";
        }
        m_out += "</section>\n";
    }

    void summary()
    {
        m_out += "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n";
        if (m_diff.entries.empty()) {
            m_out += "<p>No entry differs.</p>\n</section>\n";
            return;
        }
        kind_counts();
        risk_counts();
        toc();
        m_out += "</section>\n";
    }

    void kind_counts()
    {
        // kind → added, removed, modified
        std::map<std::string, std::array<std::size_t, 3>> counts;
        std::array<std::size_t, 3> total{};
        for (const auto& e : m_diff.entries) {
            const auto i = static_cast<std::size_t>(e.status);
            ++counts[archive::kind_name(e.kind)].at(i);
            ++total.at(i);
        }
        m_out += "<table class=\"counts\"><caption>Changed entries by kind</caption><thead><tr>"
                 "<th scope=\"col\">kind</th><th scope=\"col\">+ added</th><th scope=\"col\">"
                 "\u2212 removed</th><th scope=\"col\">~ modified</th></tr></thead><tbody>\n";
        auto row = [this](std::string_view label, const std::array<std::size_t, 3>& n) {
            m_out += "<tr><th scope=\"row\">";
            text(label);
            m_out += "</th>";
            for (std::size_t c : n)
                m_out += "<td class=\"n\">" + std::to_string(c) + "</td>";
            m_out += "</tr>\n";
        };
        for (const auto& [kind, n] : counts)
            row(kind, n);
        m_out += "</tbody><tfoot>";
        row("all", total);
        m_out += "</tfoot></table>\n";
    }

    void risk_counts()
    {
        if (m_risk.empty()) return;
        std::map<std::string, std::size_t> counts;
        for (const auto& e : m_diff.entries)
            ++counts[risk_of(e.name)];
        m_out += "<table class=\"counts\"><caption>Changed entries by risk class</caption><thead>"
                 "<tr><th scope=\"col\">risk</th><th scope=\"col\">entries</th></tr></thead>"
                 "<tbody>\n";
        for (const auto& [risk, n] : counts) {
            m_out += "<tr><th scope=\"row\">";
            text(risk);
            m_out += "</th><td class=\"n\">" + std::to_string(n) + "</td></tr>\n";
        }
        m_out += "</tbody></table>\n";
    }

    std::string risk_of(const std::string& entry) const
    {
        auto it = m_risk.find(entry);
        return it == m_risk.end() ? std::string("(not classed)") : it->second->risk;
    }

    void toc()
    {
        m_out += "<nav aria-label=\"changed entries\"><ul class=\"toc\">\n";
        for (std::size_t i = 0; i < m_diff.entries.size(); ++i) {
            const auto& e = m_diff.entries[i];
            const auto look = look_of(e.status);
            m_out += "<li><a href=\"#e" + std::to_string(i + 1) + "\">" + look.sign + " ";
            code(e.name);
            m_out += "</a></li>\n";
        }
        m_out += "</ul></nav>\n";
    }

    void changes()
    {
        if (m_diff.entries.empty()) return;
        m_out += "<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">Changes</h2>\n";
        for (std::size_t i = 0; i < m_diff.entries.size(); ++i)
            entry(i, m_diff.entries[i]);
        m_out += "</section>\n";
    }

    void entry(std::size_t i, const diff::EntryDiff& e)
    {
        const auto look = look_of(e.status);
        m_out +=
            "<details open id=\"e" + std::to_string(i + 1) + "\"><summary><h3><span class=\"st\">";
        m_out += std::string(look.sign) + " " + look.word + "</span> ";
        code(e.name);
        m_out += "</h3> <span class=\"kind\">(";
        text(archive::kind_name(e.kind));
        if (e.secret) m_out += ", secret";
        m_out += ")</span>";
        if (auto it = m_risk.find(e.name); it != m_risk.end()) {
            m_out += " <span class=\"risk\">risk: <strong>";
            text(it->second->risk);
            m_out += "</strong>";
            if (!it->second->reason.empty()) {
                m_out += " \u2014 ";
                text(it->second->reason);
            }
            m_out += "</span>";
        }
        m_out += "</summary><div>\n";
        append_entry_body(m_out, e);
        m_out += "</div></details>\n";
    }

    void footer()
    {
        m_out += "<footer><p>Made by ";
        text(m_info.generator);
        m_out += ". Secret values show as <code>&lt;redacted hmac:\u2026&gt;</code>, a keyed "
                 "fingerprint: equal values under one key show equal fingerprints, and the value "
                 "cannot be recovered from it. Unchanged entries are counted, not shown. This "
                 "page loads nothing and runs no script.</p></footer>\n";
    }

    const diff::DiffReport& m_diff;
    const PageInfo& m_info;
    std::map<std::string, const RiskNote*> m_risk;
    std::string m_out;
};

}  // namespace

const char* gate_outcome_name(GateOutcome outcome)
{
    switch (outcome) {
    case GateOutcome::passes:
        return "passes";
    case GateOutcome::warns:
        return "passes with warnings";
    case GateOutcome::refused:
        return "refused";
    case GateOutcome::unknown:
        break;
    }
    return "unknown";
}

std::string render_html(const diff::DiffReport& diff, const PageInfo& info)
{
    return PageWriter(diff, info).render();
}

}  // namespace ssosnap::report
