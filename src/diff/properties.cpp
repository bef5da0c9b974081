#include "diff/properties.hpp"

#include "archive/classify.hpp"
#include "diff/redact.hpp"

namespace ssosnap::diff
{
namespace
{

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

// Joins continuation lines into logical lines (comments and blank lines dropped).
std::vector<std::string> logical_lines(std::string_view text)
{
    std::vector<std::string> out;
    std::string current;
    bool continuing = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end;
        if (pos < text.size() && text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        std::size_t lead = 0;
        while (lead < line.size() && is_blank(line[lead]))
            ++lead;
        line.remove_prefix(lead);
        if (!continuing && (line.empty() || line[0] == '#' || line[0] == '!')) continue;
        std::size_t slashes = 0;
        while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\')
            ++slashes;
        continuing = slashes % 2 == 1;
        if (continuing) line.remove_suffix(1);
        current += line;
        if (!continuing) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (continuing) out.push_back(std::move(current));
    return out;
}

void append_utf8(std::string& out, unsigned cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes the escape starting after the backslash at s[i]; returns the next index.
std::size_t unescape_one(std::string_view s, std::size_t i, std::string& out)
{
    char c = s[i];
    switch (c) {
    case 't':
        out += '\t';
        return i + 1;
    case 'n':
        out += '\n';
        return i + 1;
    case 'r':
        out += '\r';
        return i + 1;
    case 'f':
        out += '\f';
        return i + 1;
    case 'u': {
        unsigned cp = 0;
        if (i + 5 > s.size()) break;
        for (std::size_t k = 1; k <= 4; ++k) {
            char h = s[i + k];
            unsigned d = h >= '0' && h <= '9'   ? static_cast<unsigned>(h - '0')
                         : h >= 'a' && h <= 'f' ? static_cast<unsigned>(h - 'a' + 10)
                         : h >= 'A' && h <= 'F' ? static_cast<unsigned>(h - 'A' + 10)
                                                : 16U;
            if (d == 16) {
                out += "\\u";
                return i + 1;
            }
            cp = cp * 16 + d;
        }
        append_utf8(out, cp);
        return i + 5;
    }
    default:
        break;
    }
    out += c;
    return i + 1;
}

std::pair<std::string, std::string> split_entry(std::string_view line)
{
    std::string key;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '=' && line[i] != ':' && !is_blank(line[i])) {
        if (line[i] == '\\' && i + 1 < line.size())
            i = unescape_one(line, i + 1, key);
        else
            key += line[i++];
    }
    while (i < line.size() && is_blank(line[i]))
        ++i;
    if (i < line.size() && (line[i] == '=' || line[i] == ':')) ++i;
    while (i < line.size() && is_blank(line[i]))
        ++i;
    std::string value;
    while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size())
            i = unescape_one(line, i + 1, value);
        else
            value += line[i++];
    }
    return {std::move(key), std::move(value)};
}

}  // namespace

std::map<std::string, std::string> parse_properties(std::string_view text, const Redactor& redactor)
{
    std::map<std::string, std::string> out;
    for (const auto& line : logical_lines(text)) {
        auto [key, value] = split_entry(line);
        if (!redactor.reveals())
            value = archive::is_secret_key(key) ? redactor.redaction(value)
                                                : redactor.redact_value(value);
        out[std::move(key)] = std::move(value);
    }
    return out;
}

std::vector<PropertyChange> diff_properties(std::string_view old_text, std::string_view new_text,
                                            const Redactor& redactor)
{
    auto a = parse_properties(old_text, redactor);
    auto b = parse_properties(new_text, redactor);
    std::vector<PropertyChange> out;
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
            out.push_back({ia->first, ia->second, std::nullopt});
            ++ia;
        } else if (ia == a.end() || ib->first < ia->first) {
            out.push_back({ib->first, std::nullopt, ib->second});
            ++ib;
        } else {
            if (ia->second != ib->second) out.push_back({ia->first, ia->second, ib->second});
            ++ia;
            ++ib;
        }
    }
    return out;
}

std::string canonical_properties(std::string_view text, const Redactor& redactor)
{
    std::string out;
    for (const auto& [key, value] : parse_properties(text, redactor))
        out.append(key).append(" = ").append(value).append("\n");
    return out;
}

}  // namespace ssosnap::diff
