#include "core/strings.hpp"

#include <algorithm>
#include <cstdio>

namespace ssosnap::core
{
namespace
{
bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

std::string to_lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

bool icontains(std::string_view haystack, std::string_view needle)
{
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
    return it != haystack.end() || needle.empty();
}

std::vector<std::string> split(std::string_view s, char sep)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

bool looks_like_text(std::string_view s, std::size_t probe)
{
    s = s.substr(0, probe);
    std::size_t control = 0;
    for (unsigned char c : s) {
        if (c == 0) return false;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return control * 100 <= s.size();  // at most 1 % stray control bytes
}

namespace
{

// The length of the valid UTF-8 sequence starting at s[i] (2 to 4), or 0 when it is not one
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, truncated).
std::size_t utf8_length(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xc0) == 0x80; };
    const unsigned char c = b(0);
    if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xe0 && b(1) < 0xa0) return 0;   // overlong
        if (c == 0xed && b(1) >= 0xa0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xf0 && b(1) < 0x90) return 0;   // overlong
        if (c == 0xf4 && b(1) >= 0x90) return 0;  // beyond U+10FFFF
        return 4;
    }
    return 0;
}

constexpr char k_hex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char c)
{
    const char esc[4] = {'\\', 'x', k_hex[c >> 4], k_hex[c & 0xf]};
    out.append(esc, sizeof esc);
}

// U+0080..U+009F (its second UTF-8 byte is the code point) as \u{NN}.
void append_c1(std::string& out, unsigned char code)
{
    const char esc[6] = {'\\', 'u', '{', k_hex[code >> 4], k_hex[code & 0xf], '}'};
    out.append(esc, sizeof esc);
}

}  // namespace

void append_escaped(std::string& out, std::string_view s, Whitespace whitespace)
{
    const bool keep_tab = whitespace != Whitespace::escape;
    const bool keep_newline = whitespace == Whitespace::keep;
    std::size_t run = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            ++i;
            continue;
        }
        if ((keep_tab && c == '\t') || (keep_newline && c == '\n')) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t len = utf8_length(s, i);
            // A valid sequence passes, except the C1 controls U+0080..U+009F (0xc2 0x80..0x9f),
            // which terminals obey like ESC sequences.
            if (len > 0 && !(c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0)) {
                i += len;
                continue;
            }
            out.append(s.substr(run, i - run));
            if (len == 2) {
                append_c1(out, static_cast<unsigned char>(s[i + 1]));
                i += 2;
            } else {
                append_hex_byte(out, c);
                ++i;
            }
            run = i;
            continue;
        }
        out.append(s.substr(run, i - run));
        append_hex_byte(out, c);
        run = ++i;
    }
    out.append(s.substr(run));
}

std::string escape_controls(std::string_view s, Whitespace whitespace)
{
    std::string out;
    out.reserve(s.size());
    append_escaped(out, s, whitespace);
    return out;
}

std::string quote(std::string_view s)
{
    return "'" + escape_controls(s) + "'";
}

std::size_t json_nesting_depth(std::string_view text)
{
    std::size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

}  // namespace ssosnap::core
