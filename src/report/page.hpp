#pragma once
// The frame of a self-contained report page: the document head with its one inline style
// sheet and a Content-Security-Policy that allows nothing but that style sheet (by hash), so
// an opened report loads nothing from the network, runs no script and submits no form.

#include <string>
#include <string_view>

namespace ssosnap::report
{

/// Returns the report's style sheet (light and dark through prefers-color-scheme, print rules).
std::string_view style_sheet();

/// Returns "'sha256-<base64>'", the CSP source expression allowing exactly the inline style
/// element whose text is `style` (SHA-256 by libcrypto through core/sha256.hpp).
std::string style_hash_source(std::string_view style);

/// Returns the policy of every report: default-src 'none' (no script, image, font, frame or
/// connection), style-src the hash of style_sheet(), base-uri and form-action 'none'.
std::string content_security_policy();

/// Returns everything from "<!DOCTYPE html>" to the opening <body> tag, with `title`
/// (escaped here) as the document title.
std::string page_head(std::string_view title);

/// Returns the closing tags of the page.
std::string_view page_tail();

}  // namespace ssosnap::report
