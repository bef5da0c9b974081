#pragma once
// Small string helpers shared by every module (std only).

#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::core
{

/// `c` in ASCII lower case.
constexpr char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
/// Returns `s` in ASCII lower case.
std::string to_lower(std::string_view s);
/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);
/// Returns true if `haystack` contains `needle`, ignoring ASCII case.
bool icontains(std::string_view haystack, std::string_view needle);
/// Splits on `sep`, keeping empty fields.
std::vector<std::string> split(std::string_view s, char sep);
/// Removes ASCII whitespace at both ends.
std::string_view trim(std::string_view s);
/// Returns true if every byte of `s` is printable UTF-8 text or common whitespace, judged on
/// at most the first `probe` bytes (no NUL, few control characters).
bool looks_like_text(std::string_view s, std::size_t probe = 8192);
/// Returns the deepest nesting of `[` and `{` in a JSON text (brackets inside strings do not
/// count). JSON libraries recurse once per level when printing or walking a value, so callers
/// refuse texts deeper than a small bound before parsing them (a hostile file cannot then
/// overflow the stack).
std::size_t json_nesting_depth(std::string_view text);
/// The nesting bound the modules use for JSON they read from archives and servers.
inline constexpr std::size_t k_max_json_depth = 256;
/// Whether escape_controls escapes tab and newline too (a name or a table cell: one line),
/// keeps tab only (one line of a config file), or keeps both (multi-line text).
enum class Whitespace { escape, keep_tab, keep };
/// `s` made safe for a terminal: C0 control characters (below 0x20; tab and newline as
/// `whitespace` says) and DEL written as \xNN, the C1 controls U+0080..U+009F as \u{NN}, and
/// every byte that is not part of valid UTF-8 as \xNN. Everything else passes unchanged.
/// Every text output of server data, archive names and archive content goes through it.
std::string escape_controls(std::string_view s, Whitespace whitespace = Whitespace::escape);
/// Appends escape_controls(s) to `out` (no temporary string).
void append_escaped(std::string& out, std::string_view s,
                    Whitespace whitespace = Whitespace::escape);
/// Quotes a string for messages: 'value' with control characters escaped.
std::string quote(std::string_view s);

}  // namespace ssosnap::core
