#include "report/escape.hpp"

#include "core/strings.hpp"

namespace ssosnap::report
{
namespace
{

// `text` holds no control character or invalid UTF-8 any more: only the five characters
// that mean something to an HTML parser need replacing.
void append_references(std::string& out, std::string_view text)
{
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
}

}  // namespace

void append_html(std::string& out, std::string_view text)
{
    append_references(out, core::escape_controls(text, core::Whitespace::keep_tab));
}

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    append_html(out, text);
    return out;
}

}  // namespace ssosnap::report
