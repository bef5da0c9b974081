#pragma once
// Private to the diff module's JSON renderers (render_json.cpp, render_patch.cpp): it names
// nlohmann::json, which only this module links, so no other module may include it.

#include <nlohmann/json.hpp>

#include <string>

namespace ssosnap::diff::detail
{

/// Returns a change value (compact JSON text made by the comparison, or a redaction marker)
/// as JSON to embed: the parsed value, or the text itself as a JSON string when it is not
/// valid JSON. Never throws.
nlohmann::json value_of(const std::string& text);

}  // namespace ssosnap::diff::detail
