#include "diff/render_json_value.hpp"

namespace ssosnap::diff::detail
{

nlohmann::json value_of(const std::string& text)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        return text;
    }
}

}  // namespace ssosnap::diff::detail
