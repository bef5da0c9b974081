#include "diff/glob.hpp"

namespace ssosnap::diff
{
namespace
{

// Matches one bracket expression at p[0] == '['; returns its length, or 0 when malformed.
std::size_t match_set(std::string_view p, char c, bool& matched)
{
    std::size_t i = 1;
    bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
    if (negate) ++i;
    std::size_t first = i;
    matched = false;
    for (; i < p.size() && (p[i] != ']' || i == first); ++i) {
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
            if (c >= p[i] && c <= p[i + 2]) matched = true;
            i += 2;
        } else if (p[i] == c) {
            matched = true;
        }
    }
    if (i >= p.size()) return 0;
    matched = matched != negate;
    return i + 1;
}

bool match(std::string_view p, std::string_view s)
{
    while (!p.empty()) {
        if (p.starts_with("**")) {
            p.remove_prefix(2);
            for (std::size_t k = 0; k <= s.size(); ++k)
                if (match(p, s.substr(k))) return true;
            return false;
        }
        if (p[0] == '*') {
            p.remove_prefix(1);
            for (std::size_t k = 0; k <= s.size(); ++k) {
                if (match(p, s.substr(k))) return true;
                if (k < s.size() && s[k] == '/') return false;
            }
            return false;
        }
        if (s.empty() || (s[0] == '/' && p[0] != '/')) return false;
        if (p[0] == '[') {
            bool matched = false;
            std::size_t len = match_set(p, s[0], matched);
            if (len > 0) {
                if (!matched) return false;
                p.remove_prefix(len);
                s.remove_prefix(1);
                continue;
            }
        }
        if (p[0] != '?' && p[0] != s[0]) return false;
        p.remove_prefix(1);
        s.remove_prefix(1);
    }
    return s.empty();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view name)
{
    if (match(pattern, name)) return true;
    if (pattern.find('/') != std::string_view::npos) return false;
    auto slash = name.rfind('/');
    return slash != std::string_view::npos && match(pattern, name.substr(slash + 1));
}

}  // namespace ssosnap::diff
