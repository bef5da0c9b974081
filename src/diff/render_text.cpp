#include "diff/render.hpp"

#include "core/strings.hpp"

#include <cstdio>
#include <string_view>

namespace ssosnap::diff
{
namespace
{

constexpr const char* k_red = "\x1b[31m";
constexpr const char* k_green = "\x1b[32m";
constexpr const char* k_cyan = "\x1b[36m";
constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_reset = "\x1b[0m";

std::string size_text(std::uint64_t bytes)
{
    return std::to_string(bytes) + " B";
}

// Archives are untrusted: control characters (terminal escapes, C1 controls, invalid UTF-8)
// in names, keys, values and lines are shown escaped instead of being sent to the terminal.
// Tabs stay. Escaping is idempotent, so text escaped once may pass again.
std::string printable(std::string_view s)
{
    return core::escape_controls(s, core::Whitespace::keep_tab);
}

// "1 entry", "2 entries": `one` and `many` are the two forms.
std::string count_of(std::size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

class TextRenderer
{
public:
    explicit TextRenderer(const RenderOptions& options) : m_options(options) {}

    std::string render(const DiffReport& r)
    {
        if (m_options.brief) return brief(r);
        metadata(r);
        for (const auto& e : r.entries)
            entry(e);
        summary(r);
        return std::move(m_out);
    }

private:
    void paint(const char* colour, const std::string& text)
    {
        if (m_options.color)
            m_out += std::string(colour) + printable(text) + k_reset;
        else
            m_out += printable(text);
    }

    std::string brief(const DiffReport& r)
    {
        for (const auto& m : r.metadata)
            if (m.counts) m_out += "metadata  " + printable(m.field) + "\n";
        for (const auto& e : r.entries) {
            std::string status = status_name(e.status);
            m_out += status + std::string(10 - status.size(), ' ') + printable(e.name) + "\n";
        }
        return std::move(m_out);
    }

    void metadata(const DiffReport& r)
    {
        if (r.metadata.empty()) return;
        paint(k_bold, "metadata");
        m_out += "\n";
        for (const auto& m : r.metadata) {
            m_out +=
                "  " + printable(m.field) + ": " + shown(m.old_value) + " -> " + shown(m.new_value);
            m_out += m.counts ? "\n" : "  (does not count)\n";
        }
    }

    static std::string shown(const std::string& value)
    {
        return value.empty() ? "(none)" : printable(value);
    }

    void entry(const EntryDiff& e)
    {
        std::string status = status_name(e.status);
        std::string head = status + std::string(10 - status.size(), ' ') + printable(e.name) +
                           "  (" + archive::kind_name(e.kind) + (e.secret ? ", secret" : "") + ")";
        const char* colour = e.status == EntryStatus::added     ? k_green
                             : e.status == EntryStatus::removed ? k_red
                                                                : k_bold;
        paint(colour, head);
        m_out += "\n";
        if (e.status != EntryStatus::modified) return;
        if (e.layout_only) m_out += "  same content, different bytes (layout or formatting)\n";
        for (const auto& c : e.json)
            json_change(c);
        for (const auto& p : e.properties)
            property(p);
        for (const auto& h : e.hunks)
            hunk(h);
        if (e.detail == Detail::binary || e.detail == Detail::none) sizes(e);
    }

    void json_change(const JsonChange& c)
    {
        std::string where = (c.path.empty() ? "(document)" : c.path) +
                            (c.identity.empty() ? "" : " [" + c.identity + "]");
        switch (c.op) {
        case ChangeOp::add:
            paint(k_green, "  + " + where + ": " + c.new_value);
            break;
        case ChangeOp::remove:
            paint(k_red, "  - " + where + ": " + c.old_value);
            break;
        case ChangeOp::replace:
            m_out += "  ~ " + printable(where) + ": ";
            paint(k_red, c.old_value);
            m_out += " -> ";
            paint(k_green, c.new_value);
            break;
        }
        m_out += "\n";
    }

    void property(const PropertyChange& p)
    {
        if (!p.old_value)
            paint(k_green, "  + " + p.key + " = " + *p.new_value);
        else if (!p.new_value)
            paint(k_red, "  - " + p.key + " = " + *p.old_value);
        else {
            m_out += "  ~ " + printable(p.key) + ": ";
            paint(k_red, *p.old_value);
            m_out += " -> ";
            paint(k_green, *p.new_value);
        }
        m_out += "\n";
    }

    void hunk(const Hunk& h)
    {
        char buf[128];
        std::snprintf(buf, sizeof buf, "@@ -%zu,%zu +%zu,%zu @@", h.old_start, h.old_count,
                      h.new_start, h.new_count);
        m_out += "  ";
        paint(k_cyan, buf);
        m_out += "\n";
        for (const auto& l : h.lines) {
            m_out += "  ";
            std::string line = std::string(1, l.op) + (l.op == '\\' ? " " : "") + printable(l.text);
            if (l.op == '-')
                paint(k_red, line);
            else if (l.op == '+')
                paint(k_green, line);
            else
                m_out += line;
            m_out += "\n";
        }
    }

    void sizes(const EntryDiff& e)
    {
        if (!e.old_size || !e.new_size) return;
        m_out += "  size " + size_text(*e.old_size) + " -> " + size_text(*e.new_size);
        if (!e.old_fingerprint.empty())
            m_out += ", " + e.old_fingerprint + " -> " + e.new_fingerprint;
        m_out += "\n";
    }

    void summary(const DiffReport& r)
    {
        if (!r.differs()) {
            m_out += "same: " + count_of(r.unchanged, "entry", "entries") + " equal";
            if (!r.metadata.empty())
                m_out += "; not counted: " +
                         count_of(r.metadata.size(), "metadata field", "metadata fields");
        } else {
            m_out +=
                "different: " + std::to_string(r.count(EntryStatus::added)) + " added, " +
                std::to_string(r.count(EntryStatus::removed)) + " removed, " +
                std::to_string(r.count(EntryStatus::modified)) + " modified, " +
                count_of(r.counting_metadata(), "metadata difference", "metadata differences") +
                "; " + std::to_string(r.unchanged) + " equal";
        }
        if (r.ignored > 0) m_out += "; " + std::to_string(r.ignored) + " ignored";
        m_out += "\n";
    }

    const RenderOptions& m_options;
    std::string m_out;
};

}  // namespace

std::string render_text(const DiffReport& report, const RenderOptions& options)
{
    return TextRenderer(options).render(report);
}

}  // namespace ssosnap::diff
