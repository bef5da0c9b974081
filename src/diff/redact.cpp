#include "diff/redact.hpp"

#include "archive/classify.hpp"
#include "archive/secret_scan.hpp"
#include "core/strings.hpp"

#include <algorithm>

namespace ssosnap::diff
{
namespace
{

constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_end = "-----END ";
constexpr std::string_view k_key_tail = "PRIVATE KEY-----";

// Returns the position of "<marker>...PRIVATE KEY-----" in `line`, or npos.
std::size_t find_marker(std::string_view line, std::string_view marker)
{
    for (auto pos = line.find(marker); pos != std::string_view::npos;
         pos = line.find(marker, pos + 1)) {
        auto tail = line.find(k_key_tail, pos + marker.size());
        auto dash = line.find("-----", pos + marker.size());
        if (tail != std::string_view::npos && dash == tail + k_key_tail.size() - 5) return pos;
    }
    return std::string_view::npos;
}

std::string_view without_terminator(std::string_view line)
{
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// True when the line is nothing but a BEGIN or END marker (safe to show).
bool is_bare_marker(std::string_view line)
{
    auto t = core::trim(line);
    return (t.starts_with(k_begin) || t.starts_with(k_end)) && t.ends_with(k_key_tail) &&
           t.find("-----", 5) == t.size() - 5;
}

const core::FingerprintKey& process_key()
{
    static const core::FingerprintKey k_key = core::random_fingerprint_key();
    return k_key;
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Appends text[begin, end) with its non-blank core replaced by a redaction, line by line.
void append_redacted(std::string& out, std::string_view piece, const Redactor& redactor)
{
    std::size_t pos = 0;
    while (pos <= piece.size()) {
        auto nl = piece.find('\n', pos);
        auto end = nl == std::string_view::npos ? piece.size() : nl;
        auto b = pos;
        auto e = end;
        while (b < e && is_space(piece[b]))
            ++b;
        while (e > b && is_space(piece[e - 1]))
            --e;
        out += piece.substr(pos, b - pos);
        if (b < e) out += redactor.redaction(piece.substr(b, e - b));
        out += piece.substr(e, end - e);
        if (nl == std::string_view::npos) break;
        out += '\n';
        pos = nl + 1;
    }
}

std::string replace_spans(std::string_view text, const std::vector<archive::SecretSpan>& spans,
                          const Redactor& redactor)
{
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const auto& span : spans) {
        out += text.substr(at, span.begin - at);
        append_redacted(out, text.substr(span.begin, span.end - span.begin), redactor);
        at = span.end;
    }
    out += text.substr(at);
    return out;
}

}  // namespace

Redactor::Redactor() : m_key(process_key()) {}

Redactor::Redactor(const core::FingerprintKey& key) : m_key(key) {}

Redactor Redactor::reveal()
{
    Redactor r;
    r.m_reveal = true;
    return r;
}

std::string Redactor::redaction(std::string_view value) const
{
    return "<redacted " + core::keyed_fingerprint(m_key, value) + ">";
}

std::string Redactor::redact_value(std::string_view value) const
{
    if (m_reveal) return std::string(value);
    if (has_private_key_marker(value) || archive::is_secret_material(value))
        return redaction(value);
    std::vector<archive::SecretSpan> spans;
    archive::find_secret_value_spans(value, 0, spans);
    if (value.find('\n') != std::string_view::npos || value.find('<') != std::string_view::npos)
        spans = archive::find_secret_spans(value);  // an embedded config file
    if (spans.empty()) return std::string(value);
    std::sort(spans.begin(), spans.end(),
              [](const auto& a, const auto& b) { return a.begin < b.begin; });
    std::vector<archive::SecretSpan> merged;
    for (const auto& s : spans) {
        if (!merged.empty() && s.begin <= merged.back().end)
            merged.back().end = std::max(merged.back().end, s.end);
        else
            merged.push_back(s);
    }
    return replace_spans(value, merged, *this);
}

std::string Redactor::redact_text(std::string_view text) const
{
    if (m_reveal) return std::string(text);
    auto spans = archive::find_secret_spans(text);
    auto out = spans.empty() ? std::string(text) : replace_spans(text, spans, *this);
    return redact_key_blocks(out, *this);
}

bool is_secret_file(std::string_view name, archive::EntryKind kind, std::string_view content)
{
    if (archive::is_secret_by_name(name)) return true;
    return (kind == archive::EntryKind::text || kind == archive::EntryKind::binary) &&
           archive::is_secret_material(content);
}

bool has_private_key_marker(std::string_view text)
{
    return find_marker(text, k_begin) != std::string_view::npos;
}

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        auto end = nl == std::string_view::npos ? text.size() : nl + 1;
        lines.push_back(text.substr(start, end - start));
        start = end;
    }
    return lines;
}

void redact_key_block_lines(std::vector<std::string_view>& lines, std::deque<std::string>& storage,
                            const Redactor& redactor)
{
    bool inside = false;
    for (auto& line : lines) {
        bool redact = inside;
        auto begin = inside ? std::string_view::npos : find_marker(line, k_begin);
        if (begin != std::string_view::npos) {
            inside = true;
            redact = !is_bare_marker(line);
        }
        auto end =
            inside ? find_marker(line.substr(begin == std::string_view::npos ? 0 : begin), k_end)
                   : std::string_view::npos;
        if (end != std::string_view::npos) {
            inside = false;
            redact = begin != std::string_view::npos || !is_bare_marker(line);
        }
        if (!redact) continue;
        auto content = without_terminator(line);
        storage.push_back(redactor.redaction(content) + std::string(line.substr(content.size())));
        line = storage.back();
    }
}

std::string redact_key_blocks(std::string_view text, const Redactor& redactor)
{
    if (!has_private_key_marker(text)) return std::string(text);
    auto lines = split_lines(text);
    std::deque<std::string> storage;
    redact_key_block_lines(lines, storage, redactor);
    std::string out;
    out.reserve(text.size());
    for (auto line : lines)
        out += line;
    return out;
}

}  // namespace ssosnap::diff
