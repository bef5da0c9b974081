// The pure half of rebase: finding and replacing a base URL inside one text.
#include "workflow/rebase.hpp"

#include "core/strings.hpp"

#include <cctype>
#include <utility>

namespace ssosnap::workflow
{
namespace
{

using Variant = std::pair<std::string, std::string>;

std::string escape_chars(std::string_view s, std::string_view chars, std::string_view prefix)
{
    std::string out;
    for (char c : s) {
        if (chars.find(c) != std::string_view::npos) out += prefix;
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

/// The spellings of the URL to look for in an entry of `kind`, each with its replacement.
std::vector<Variant> variants_for(std::string_view old_url, std::string_view new_url,
                                  archive::EntryKind kind)
{
    std::vector<Variant> v = {{std::string(old_url), std::string(new_url)}};
    if (kind == archive::EntryKind::json)
        v.emplace_back(escape_chars(old_url, "/", "\\"), escape_chars(new_url, "/", "\\"));
    if (kind == archive::EntryKind::properties)
        v.emplace_back(escape_chars(old_url, ":=", "\\"), escape_chars(new_url, ":=", "\\"));
    // Redirect URIs inside query strings (OIDC, SAML RelayState) are percent-encoded.
    v.emplace_back(percent_encode(old_url, false), percent_encode(new_url, false));
    v.emplace_back(percent_encode(old_url, true), percent_encode(new_url, true));
    return v;
}

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

UrlRewrite replace_base_url(std::string_view text, std::string_view old_url,
                            std::string_view new_url, archive::EntryKind kind)
{
    UrlRewrite out;
    if (old_url.empty()) {
        out.text = std::string(text);
        return out;
    }
    auto variants = variants_for(old_url, new_url, kind);
    std::size_t pos = 0;
    std::size_t line = 1;
    std::size_t line_counted_to = 0;
    while (pos < text.size()) {
        std::size_t best = std::string_view::npos;
        const Variant* which = nullptr;
        for (const auto& v : variants) {
            auto at = text.find(v.first, pos);
            if (at < best) {
                best = at;
                which = &v;
            }
        }
        if (which == nullptr) break;
        auto end = best + which->first.size();
        if (continues_url(text, end)) {
            out.text.append(text.substr(pos, best + 1 - pos));
            pos = best + 1;
            continue;
        }
        for (; line_counted_to < best; ++line_counted_to)
            line += text[line_counted_to] == '\n' ? 1 : 0;
        out.text.append(text.substr(pos, best - pos));
        out.text.append(which->second);
        if (!out.changes.empty() && out.changes.back().line == line)
            ++out.changes.back().count;
        else
            out.changes.push_back({{}, line, 1});
        pos = end;
    }
    if (pos < text.size()) out.text.append(text.substr(pos));
    return out;
}

}  // namespace ssosnap::workflow
