#include "archive/classify.hpp"

#include "archive/secret_scan.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <array>

namespace ssosnap::archive
{
namespace
{

// The lower-cased extension of `name`'s base name (".json"); empty when there is none, or
// when it is longer than any extension this file knows. Scans back from the end only to the
// last dot, into a fixed buffer: no allocation per entry.
class Extension
{
public:
    explicit Extension(std::string_view name)
    {
        for (std::size_t i = name.size(); i-- > 0;) {
            const char c = name[i];
            if (c == '/' || c == '\\') return;  // no dot in the base name
            if (c != '.') continue;
            const bool leading = i == 0 || name[i - 1] == '/' || name[i - 1] == '\\';
            if (leading || name.size() - i > sizeof m_buf) return;  // ".profile": no extension
            for (std::size_t j = i; j < name.size(); ++j)
                m_buf[m_len++] = core::ascii_lower(name[j]);
            return;
        }
    }
    operator std::string_view() const { return {m_buf, m_len}; }

private:
    char m_buf[16]{};
    std::size_t m_len = 0;
};

bool ends_with_slash(std::string_view name)
{
    return !name.empty() && (name.back() == '/' || name.back() == '\\');
}

bool is_one_of(std::string_view ext, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), ext) != list.end();
}

bool looks_like_json(std::string_view s)
{
    s = core::trim(s);
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s = core::trim(s.substr(3));
    if (s.empty()) return false;
    return (s.front() == '{' && s.back() == '}') || (s.front() == '[' && s.back() == ']');
}

// Skips leading white space and // or /* */ comments (JSON with comments).
std::string_view skip_comments(std::string_view s)
{
    for (;;) {
        s = core::trim(s);
        if (s.starts_with("//")) {
            auto nl = s.find('\n');
            s = nl == std::string_view::npos ? std::string_view{} : s.substr(nl + 1);
        } else if (s.starts_with("/*")) {
            auto end = s.find("*/");
            s = end == std::string_view::npos ? std::string_view{} : s.substr(end + 2);
        } else {
            return s;
        }
    }
}

bool looks_like_xml(std::string_view s)
{
    s = core::trim(s);
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s = core::trim(s.substr(3));
    return s.substr(0, 5) == "<?xml" || (!s.empty() && s.front() == '<' && s.back() == '>');
}

// Keys of a JSON text whose value is not empty: a cheap scan, no parser (archive/ may not use
// nlohmann). A string followed by ':' is a key.
bool json_has_secret_key(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '"') {
            ++i;
            continue;
        }
        std::size_t start = ++i;
        while (i < s.size() && s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        if (i >= s.size()) return false;
        std::string_view str = s.substr(start, i - start);
        ++i;
        std::size_t j = i;
        while (j < s.size() && core::trim(s.substr(j, 1)).empty())
            ++j;
        if (j >= s.size() || s[j] != ':' || !is_secret_key(str)) continue;
        ++j;
        while (j < s.size() && core::trim(s.substr(j, 1)).empty())
            ++j;
        // Only scalar values are secrets: an object under "apiTokens" is a settings section
        // (its own keys are scanned in turn), and true/false/null/"" hold nothing.
        bool string =
            j < s.size() && s[j] == '"' && !std::string_view(s).substr(j).starts_with("\"\"");
        bool number = j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '-');
        if (string || number) return true;
    }
    return false;
}

bool properties_has_secret_key(std::string_view s)
{
    for (const auto& raw : core::split(s, '\n')) {
        auto line = core::trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == '!') continue;
        auto sep = line.find_first_of("=:");
        if (sep == std::string_view::npos) continue;
        if (is_secret_key(core::trim(line.substr(0, sep))) &&
            !core::trim(line.substr(sep + 1)).empty()) {
            return true;
        }
    }
    return false;
}

}  // namespace

EntryKind classify_by_name(std::string_view name)
{
    if (ends_with_slash(name)) return EntryKind::directory;
    const Extension extension(name);
    const std::string_view ext = extension;
    if (ext == ".json") return EntryKind::json;
    if (ext == ".xml") return EntryKind::xml;
    if (ext == ".properties") return EntryKind::properties;
    if (is_one_of(ext,
                  {".txt", ".pem", ".key", ".crt", ".cer", ".csr", ".conf", ".cfg", ".ini", ".md",
                   ".csv", ".yml", ".yaml", ".html", ".htm", ".log", ".sql", ".js", ".css"})) {
        return EntryKind::text;
    }
    return EntryKind::binary;
}

EntryKind classify(std::string_view name, std::string_view content)
{
    if (ends_with_slash(name)) return EntryKind::directory;
    if (!core::looks_like_text(content)) return EntryKind::binary;
    auto by_name = classify_by_name(name);
    if (looks_like_json(content) && by_name != EntryKind::xml) return EntryKind::json;
    if (by_name == EntryKind::json && looks_like_json(skip_comments(content)))
        return EntryKind::json;
    if (looks_like_xml(content)) return EntryKind::xml;
    if (by_name == EntryKind::properties) return EntryKind::properties;
    return EntryKind::text;
}

bool is_secret_content(std::string_view name, std::string_view content)
{
    if (is_secret_material(content)) return true;
    const Extension extension(name);
    const std::string_view ext = extension;
    if ((ext == ".p12" || ext == ".pfx") && content.starts_with("\x30")) return true;  // DER
    switch (classify(name, content)) {
    case EntryKind::json:
        return json_has_secret_key(content);
    case EntryKind::properties:
        return properties_has_secret_key(content);
    case EntryKind::xml:
    case EntryKind::text:
        return !find_secret_spans(content).empty();
    default:
        return false;
    }
}

}  // namespace ssosnap::archive
