#include "diff/redact.hpp"

#include "archive/classify.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"

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

}  // namespace

bool is_secret_file(std::string_view name, archive::EntryKind kind, std::string_view content)
{
    if (archive::is_secret_by_name(name)) return true;
    return (kind == archive::EntryKind::text || kind == archive::EntryKind::binary) &&
           archive::is_secret_content(name, content);
}

std::string redaction(std::string_view value)
{
    return "<redacted " + core::fingerprint(value) + ">";
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

void redact_key_block_lines(std::vector<std::string_view>& lines, std::deque<std::string>& storage)
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
        storage.push_back(redaction(content) + std::string(line.substr(content.size())));
        line = storage.back();
    }
}

std::string redact_key_blocks(std::string_view text)
{
    if (!has_private_key_marker(text)) return std::string(text);
    auto lines = split_lines(text);
    std::deque<std::string> storage;
    redact_key_block_lines(lines, storage);
    std::string out;
    out.reserve(text.size());
    for (auto line : lines)
        out += line;
    return out;
}

}  // namespace ssosnap::diff
