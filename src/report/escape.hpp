#pragma once
// Text made safe for an HTML page. Archives and servers are untrusted: every entry name, key,
// value and line goes through html_escape before it reaches a page, so `<script>`, quotes or
// `</style>` in an archive render as text and never as markup.

#include <string>
#include <string_view>

namespace ssosnap::report
{

/// Appends `text` to `out` safe for HTML element content and for double- or single-quoted
/// attribute values: first core::escape_controls (control characters, C1 controls and
/// invalid UTF-8 become visible \xNN / \u{NN} text; tabs stay), then `&`, `<`, `>`, `"` and
/// `'` as character references. The result is valid UTF-8 holding no markup.
void append_html(std::string& out, std::string_view text);

/// Returns append_html's form of `text`.
std::string html_escape(std::string_view text);

}  // namespace ssosnap::report
