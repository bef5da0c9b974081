#include "archive/secret_scan.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <array>

namespace ssosnap::archive
{
namespace
{

using Spans = std::vector<SecretSpan>;

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

bool is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '[' || c == ']' || c == '/' || c == '@' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Adds [begin, end) of `text` without its surrounding white space, when anything is left.
void add_trimmed(std::string_view text, std::size_t begin, std::size_t end, Spans& out)
{
    while (begin < end && core::trim(text.substr(begin, 1)).empty())
        ++begin;
    while (end > begin && core::trim(text.substr(end - 1, 1)).empty())
        --end;
    if (begin < end) out.push_back({begin, end});
}

std::size_t indent_of(std::string_view line)
{
    std::size_t n = 0;
    while (n < line.size() && is_blank(line[n]))
        ++n;
    return n;
}

// A line split into key, separator and value (positions relative to the line).
struct KeyLine {
    std::string_view key;
    std::size_t key_column = 0;
    std::size_t value_begin = 0;
    bool found = false;
};

// Skips a leading comment marker (#, ;, !, //) and list marker (- ), and `export `/`set `.
std::size_t skip_prefixes(std::string_view line, std::size_t i)
{
    for (std::string_view marker : {"//", "#", ";", "!", "- ", "export ", "set "}) {
        if (line.substr(i, marker.size()) == marker) {
            i += marker.size();
            while (i < line.size() && is_blank(line[i]))
                ++i;
        }
    }
    return i;
}

KeyLine split_key_line(std::string_view line)
{
    KeyLine k;
    std::size_t i = skip_prefixes(line, indent_of(line));
    while (line.substr(i, 2) == "--")  // --password=...
        i += 2;
    k.key_column = i;
    std::size_t key_end = i;
    if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
        auto close = line.find(line[i], i + 1);
        if (close == std::string_view::npos) return k;
        k.key = line.substr(i + 1, close - i - 1);
        key_end = close + 1;
    } else {
        // Keys may hold blanks ("bind password = x"): extend over blanks and key characters
        // as long as a separator follows.
        std::size_t j = i;
        while (j < line.size() && (is_key_char(line[j]) || is_blank(line[j])))
            ++j;
        if (j < line.size() && (line[j] == '=' || line[j] == ':')) {
            key_end = j;
        } else {
            key_end = i;
            while (key_end < line.size() && is_key_char(line[key_end]))
                ++key_end;
        }
        k.key = core::trim(line.substr(i, key_end - i));
    }
    if (k.key.empty()) return k;
    std::size_t j = key_end;
    while (j < line.size() && is_blank(line[j]))
        ++j;
    if (j < line.size() && (line[j] == '=' || line[j] == ':')) {
        ++j;
        if (j < line.size() && line[j] == '=') ++j;  // ":=" and "=="
    } else if (j == key_end && j < line.size()) {
        return k;  // no separator and no blank: not "key value"
    }
    k.value_begin = j;
    k.found = true;
    return k;
}

// YAML block scalar indicator: | or > with optional chomping/indent and a comment.
bool is_block_indicator(std::string_view v)
{
    if (v.empty() || (v[0] != '|' && v[0] != '>')) return false;
    std::size_t i = 1;
    while (i < v.size() && (v[i] == '-' || v[i] == '+' || (v[i] >= '0' && v[i] <= '9')))
        ++i;
    auto rest = core::trim(v.substr(i));
    return rest.empty() || rest[0] == '#';
}

class LineScanner
{
public:
    LineScanner(std::string_view text, Spans& out) : m_text(text), m_out(out) {}

    void run()
    {
        std::size_t pos = 0;
        while (pos < m_text.size()) {
            auto nl = m_text.find('\n', pos);
            auto end = nl == std::string_view::npos ? m_text.size() : nl;
            auto line = m_text.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            this->line(pos, line);
            pos = end + 1;
        }
        flush_base64();
    }

private:
    void line(std::size_t at, std::string_view line)
    {
        base64_line(at, line);
        quoted_pairs(at, line);
        if (m_block) {
            if (core::trim(line).empty()) return;
            if (indent_of(line) > m_block_indent) return nested(at, line);
            m_block = false;
        }
        auto k = split_key_line(line);
        if (!k.found || !is_secret_key(k.key)) return;
        auto value = core::trim(line.substr(k.value_begin));
        if (value.empty() || is_block_indicator(value)) {
            m_block = true;
            m_block_scalar = !value.empty();
            m_block_indent = k.key_column;
            return;
        }
        add_trimmed(m_text, at + k.value_begin, at + line.size(), m_out);
    }

    // "key": value pairs anywhere in the line (JSON that did not parse, inline YAML maps).
    void quoted_pairs(std::size_t at, std::string_view line)
    {
        for (std::size_t q = line.find('"'); q != std::string_view::npos;) {
            auto close = line.find('"', q + 1);
            if (close == std::string_view::npos) return;
            auto key = line.substr(q + 1, close - q - 1);
            std::size_t j = close + 1;
            while (j < line.size() && is_blank(line[j]))
                ++j;
            if (j >= line.size() || line[j] != ':' || !is_secret_key(key)) {
                q = line.find('"', close + 1);
                continue;
            }
            ++j;
            while (j < line.size() && is_blank(line[j]))
                ++j;
            std::size_t end = line.size();
            if (j < line.size() && line[j] == '"') {
                std::size_t e = j + 1;
                while (e < line.size() && line[e] != '"')
                    e += line[e] == '\\' ? 2 : 1;
                end = std::min(e + 1, line.size());
            } else if (j < line.size() && line[j] != '{' && line[j] != '[') {
                end = std::min(line.find_first_of(",}]", j), line.size());
            }
            add_trimmed(m_text, at + j, at + end, m_out);
            q = end < line.size() ? line.find('"', end) : std::string_view::npos;
        }
    }

    // A line under a secret key: its value (or all of it, in a block scalar or plain text).
    void nested(std::size_t at, std::string_view line)
    {
        if (!m_block_scalar) {
            auto k = split_key_line(line);
            if (k.found && !core::trim(line.substr(k.value_begin)).empty())
                return add_trimmed(m_text, at + k.value_begin, at + line.size(), m_out);
            auto first = indent_of(line);
            if (line.substr(first, 2) == "- ")
                return add_trimmed(m_text, at + first + 2, at + line.size(), m_out);
        }
        add_trimmed(m_text, at, at + line.size(), m_out);
    }

    // Consecutive lines of nothing but base64 (a wrapped encoded key): decoded together.
    void base64_line(std::size_t at, std::string_view line)
    {
        auto t = core::trim(line);
        bool b64 = t.size() >= 16 && std::all_of(t.begin(), t.end(), [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' ||
                              c == '-' || c == '_';
                   });
        if (!b64) return flush_base64();
        if (m_run_lines == 0) m_run_begin = at;
        m_run_end = at + line.size();
        ++m_run_lines;
    }

    void flush_base64()
    {
        if (m_run_lines > 1 &&
            is_secret_material(m_text.substr(m_run_begin, m_run_end - m_run_begin)))
            add_trimmed(m_text, m_run_begin, m_run_end, m_out);
        m_run_lines = 0;
    }

    std::string_view m_text;
    Spans& m_out;
    bool m_block = false;
    bool m_block_scalar = false;
    std::size_t m_block_indent = 0;
    std::size_t m_run_begin = 0;
    std::size_t m_run_end = 0;
    std::size_t m_run_lines = 0;
};

// ---- XML ----

constexpr std::array<std::string_view, 9> k_naming_attributes = {
    "name", "key", "property", "param", "id", "field", "attribute", "variable", "option"};
constexpr std::array<std::string_view, 8> k_value_names = {
    "value", "val", "values", "data", "content", "default", "defaultvalue", "text"};

bool one_of(std::string_view s, const auto& list)
{
    auto lower = core::to_lower(s);
    return std::find(list.begin(), list.end(), lower) != list.end();
}

std::string_view local_name(std::string_view name)
{
    auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is_name_char(char c)
{
    return !is_blank(c) && c != '\n' && c != '\r' && c != '>' && c != '/' && c != '=' && c != '<' &&
           c != '"' && c != '\'';
}

struct Attribute {
    std::string_view name;
    std::size_t value_begin = 0;
    std::size_t value_end = 0;
};

class XmlScanner
{
public:
    XmlScanner(std::string_view text, Spans& out) : m_t(text), m_out(out) {}

    void run()
    {
        std::size_t i = 0;
        while ((i = m_t.find('<', i)) != std::string_view::npos) {
            if (m_t.substr(i, 4) == "<!--")
                i = skip_past(i, "-->");
            else if (m_t.substr(i, 9) == "<![CDATA[")
                i = skip_past(i, "]]>");
            else if (m_t.substr(i, 2) == "<?" || m_t.substr(i, 2) == "<!")
                i = skip_past(i, ">");
            else if (m_t.substr(i, 2) == "</")
                i = end_tag(i);
            else
                i = start_tag(i);
        }
    }

private:
    std::size_t skip_past(std::size_t i, std::string_view end)
    {
        auto e = m_t.find(end, i + 1);
        return e == std::string_view::npos ? m_t.size() : e + end.size();
    }

    std::size_t end_tag(std::size_t i)
    {
        auto name = local_name(tag_name(i + 2));
        if (!one_of(name, std::array<std::string_view, 2>{"name", "key"})) m_pending = false;
        return skip_past(i, ">");
    }

    std::string_view tag_name(std::size_t from) const
    {
        std::size_t e = from;
        while (e < m_t.size() && is_name_char(m_t[e]))
            ++e;
        return m_t.substr(from, e - from);
    }

    // Parses attributes from `i` to the tag's end; returns the position after '>' and sets
    // `self_closing`.
    std::size_t attributes(std::size_t i, std::vector<Attribute>& out, bool& self_closing) const
    {
        self_closing = false;
        while (i < m_t.size()) {
            char c = m_t[i];
            if (c == '>') return i + 1;
            if (c == '/' && i + 1 < m_t.size() && m_t[i + 1] == '>') {
                self_closing = true;
                return i + 2;
            }
            if (!is_name_char(c)) {
                ++i;
                continue;
            }
            Attribute a;
            std::size_t e = i;
            while (e < m_t.size() && is_name_char(m_t[e]))
                ++e;
            a.name = m_t.substr(i, e - i);
            while (e < m_t.size() && core::trim(m_t.substr(e, 1)).empty())
                ++e;
            if (e >= m_t.size() || m_t[e] != '=') {
                i = e;
                continue;
            }
            ++e;
            while (e < m_t.size() && core::trim(m_t.substr(e, 1)).empty())
                ++e;
            if (e < m_t.size() && (m_t[e] == '"' || m_t[e] == '\'')) {
                auto close = m_t.find(m_t[e], e + 1);
                if (close == std::string_view::npos) close = m_t.size();
                a.value_begin = e + 1;
                a.value_end = close;
                i = std::min(close + 1, m_t.size());
            } else {
                std::size_t v = e;
                while (v < m_t.size() && !core::trim(m_t.substr(v, 1)).empty() && m_t[v] != '>')
                    ++v;
                a.value_begin = e;
                a.value_end = v;
                i = v;
            }
            out.push_back(a);
        }
        return m_t.size();
    }

    std::size_t start_tag(std::size_t i)
    {
        auto name = tag_name(i + 1);
        if (name.empty()) return i + 1;
        std::vector<Attribute> attrs;
        bool self_closing = false;
        std::size_t after = attributes(i + 1 + name.size(), attrs, self_closing);
        bool named_secret = false;
        for (const auto& a : attrs) {
            auto value = m_t.substr(a.value_begin, a.value_end - a.value_begin);
            if (is_secret_key(a.name)) add_trimmed(m_t, a.value_begin, a.value_end, m_out);
            if (one_of(local_name(a.name), k_naming_attributes) && is_secret_key(value))
                named_secret = true;
        }
        if (named_secret) {
            for (const auto& a : attrs) {
                if (one_of(local_name(a.name), k_value_names))
                    add_trimmed(m_t, a.value_begin, a.value_end, m_out);
            }
        }
        if (self_closing) return after;
        auto local = local_name(name);
        bool value_of_pending = m_pending && one_of(local, k_value_names);
        if (is_secret_key(local) || named_secret || value_of_pending) {
            m_pending = false;
            return secret_content(after, name);
        }
        if (one_of(local, std::array<std::string_view, 3>{"name", "key", "property"})) {
            auto lt = m_t.find('<', after);
            auto text = m_t.substr(after, (lt == std::string_view::npos ? m_t.size() : lt) - after);
            if (is_secret_key(core::trim(text))) m_pending = true;
        }
        return after;
    }

    // The content of an element up to its end tag (to the end of the text when there is none).
    std::size_t secret_content(std::size_t from, std::string_view name)
    {
        std::size_t close = m_t.size();
        for (auto p = m_t.find("</", from); p != std::string_view::npos;
             p = m_t.find("</", p + 2)) {
            if (m_t.substr(p + 2, name.size()) == name &&
                (p + 2 + name.size() >= m_t.size() || !is_name_char(m_t[p + 2 + name.size()]))) {
                close = p;
                break;
            }
        }
        add_trimmed(m_t, from, close, m_out);
        return close;
    }

    std::string_view m_t;
    Spans& m_out;
    /// A <name>secret</name> was seen: the next <value> before the parent's end is secret.
    bool m_pending = false;
};

Spans merged(Spans spans)
{
    std::sort(spans.begin(), spans.end(),
              [](const SecretSpan& a, const SecretSpan& b) { return a.begin < b.begin; });
    Spans out;
    for (const auto& s : spans) {
        if (s.begin >= s.end) continue;
        if (!out.empty() && s.begin <= out.back().end)
            out.back().end = std::max(out.back().end, s.end);
        else
            out.push_back(s);
    }
    return out;
}

}  // namespace

std::vector<SecretSpan> find_secret_spans(std::string_view text)
{
    Spans spans;
    LineScanner(text, spans).run();
    if (text.find('<') != std::string_view::npos) XmlScanner(text, spans).run();
    find_secret_value_spans(text, 0, spans);
    return merged(std::move(spans));
}

}  // namespace ssosnap::archive
