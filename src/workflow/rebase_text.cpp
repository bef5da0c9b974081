// The pure half of rebase: finding and replacing a base URL inside one text.
#include "workflow/rebase.hpp"

#include "core/strings.hpp"

#include <cctype>
#include <utility>

namespace ssosnap::workflow
{
namespace
{

/// One way an entry spells a URL: a character-wise transformation, so the spelling of a URL
/// is the spelling of its head (scheme and authority) followed by that of its path.
using Spell = std::string (*)(std::string_view);

std::string escape_chars(std::string_view s, std::string_view chars)
{
    std::string out;
    for (char c : s) {
        if (chars.find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string percent_encode(std::string_view s, bool lower)
{
    std::string out;
    for (char c : s) {
        if (c == ':')
            out += lower ? "%3a" : "%3A";
        else if (c == '/')
            out += lower ? "%2f" : "%2F";
        else
            out += c;
    }
    return out;
}

std::string plain(std::string_view s)
{
    return std::string(s);
}
std::string json_escaped(std::string_view s)
{
    return escape_chars(s, "/");
}
std::string properties_escaped(std::string_view s)
{
    return escape_chars(s, ":=");
}
std::string percent_upper(std::string_view s)
{
    return percent_encode(s, false);
}
std::string percent_lower(std::string_view s)
{
    return percent_encode(s, true);
}

/// The spellings of a URL to look for in an entry of `kind`.
std::vector<Spell> spellings_for(archive::EntryKind kind)
{
    std::vector<Spell> v = {&plain};
    if (kind == archive::EntryKind::json) v.push_back(&json_escaped);
    if (kind == archive::EntryKind::properties) v.push_back(&properties_escaped);
    // Redirect URIs inside query strings (OIDC, SAML RelayState) are percent-encoded.
    v.push_back(&percent_upper);
    v.push_back(&percent_lower);
    return v;
}

/// A spelled URL: `head` (scheme and authority, lower case: matched case-insensitively, as
/// URLs compare) and `tail` (the path, matched exactly).
struct Needle {
    std::string head;
    std::string tail;
    std::size_t next = 0;  ///< where the next candidate starts (npos: none left)
    bool searched = false;
};

bool is_alnum(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c)
{
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// True when the text at `end` continues the URL's last host label, port or path segment,
/// so the match is a longer, different URL ("/jira" inside "/jira2", host "a" in "a.b").
bool continues_url(std::string_view text, std::size_t end)
{
    if (end >= text.size()) return false;
    char c = text[end];
    auto next = [&](std::size_t k) { return end + k < text.size() ? text[end + k] : '\0'; };
    if (is_alnum(c) || c == '-' || c == '_' || c == '~') return true;
    if (c == '.') return is_alnum(next(1));  // a sentence's final period ends the URL
    if (c == ':') return is_digit(next(1));  // a port after a host
    if (c == '\\') return next(1) == ':' && is_digit(next(2));  // escaped port (properties)
    return false;
}

}  // namespace

std::vector<UrlOccurrence> find_base_url(std::string_view text, std::string_view url,
                                         archive::EntryKind kind)
{
    std::vector<UrlOccurrence> out;
    url = core::trim(url);
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    if (url.empty()) return out;
    const auto scheme_end = url.find("://");
    const auto head_end = url.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
    const auto head = url.substr(0, head_end);
    const auto tail =
        head_end == std::string_view::npos ? std::string_view{} : url.substr(head_end);
    const auto spellings = spellings_for(kind);
    std::vector<Needle> needles;
    needles.reserve(spellings.size());
    for (auto spell : spellings)
        needles.push_back({core::to_lower(spell(head)), spell(tail)});
    const std::string lower = core::to_lower(text);
    // The next place at or after `from` where needle `n` matches (npos: none).
    auto next_of = [&](Needle& n, std::size_t from) {
        if (n.searched && (n.next == std::string_view::npos || n.next >= from)) return n.next;
        n.searched = true;
        for (auto at = lower.find(n.head, from); at != std::string::npos;
             at = lower.find(n.head, at + 1)) {
            if (text.substr(at + n.head.size()).starts_with(n.tail)) return n.next = at;
        }
        return n.next = std::string_view::npos;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t best = std::string_view::npos;
        std::size_t which = 0;
        for (std::size_t i = 0; i < needles.size(); ++i) {
            if (auto at = next_of(needles[i], pos); at < best) {
                best = at;
                which = i;
            }
        }
        if (best == std::string_view::npos) break;
        const auto length = needles[which].head.size() + needles[which].tail.size();
        if (continues_url(text, best + length)) {
            pos = best + 1;
            continue;
        }
        out.push_back({best, length, which});
        pos = best + length;
    }
    return out;
}

UrlRewrite replace_base_url(std::string_view text, std::string_view old_url,
                            std::string_view new_url, archive::EntryKind kind)
{
    UrlRewrite out;
    const auto spellings = spellings_for(kind);
    std::size_t pos = 0;
    std::size_t line = 1;
    for (const auto& m : find_base_url(text, old_url, kind)) {
        for (; pos < m.offset; ++pos) {
            out.text += text[pos];
            line += text[pos] == '\n' ? 1 : 0;
        }
        out.text += spellings[m.spelling](new_url);
        if (!out.changes.empty() && out.changes.back().line == line)
            ++out.changes.back().count;
        else
            out.changes.push_back({{}, line, 1});
        pos = m.offset + m.length;
    }
    out.text.append(text.substr(std::min(pos, text.size())));
    return out;
}

}  // namespace ssosnap::workflow
