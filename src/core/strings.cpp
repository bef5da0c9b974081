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

void append_escaped(std::string& out, std::string_view s)
{
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != 0x7f) continue;
        out.append(s.substr(run, i - run));
        static constexpr char k_hex[] = "0123456789abcdef";
        const char esc[4] = {'\\', 'x', k_hex[c >> 4], k_hex[c & 0xf]};
        out.append(esc, sizeof esc);
        run = i + 1;
    }
    out.append(s.substr(run));
}

std::string escape_controls(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    append_escaped(out, s);
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
