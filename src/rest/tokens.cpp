#include "rest/tokens.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

namespace ssosnap::rest
{
namespace
{

using nlohmann::json;

core::Unexpected bad(const std::string& what)
{
    return core::fail(core::Errc::remote, "unexpected token response: " + what, "bad-response");
}

// Numbers arrive as numbers or as strings ("29"); anything else counts as absent.
std::optional<std::int64_t> number_of(const json& j, const char* key)
{
    auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (it->is_number_unsigned() &&
        it->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_number_float()) {
        // Converting a double outside int64's range is undefined: such a number is absent
        // (found by fuzz_token_list: "timeUntilExpiryMillis": 2.59e22).
        double d = it->get<double>();
        if (!(d > -9.2e18 && d < 9.2e18)) return std::nullopt;
        return static_cast<std::int64_t>(d);
    }
    if (it->is_string()) {
        auto s = core::trim(it->get_ref<const std::string&>());
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && end == s.data() + s.size()) return v;
    }
    return std::nullopt;
}

std::string string_of(const json& j, const char* key)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

ApiToken token_from(const json& j)
{
    ApiToken t;
    t.id = number_of(j, "id");
    t.name = string_of(j, "tokenName");
    t.description = string_of(j, "description");
    t.username = string_of(j, "username");
    t.created_at = string_of(j, "createdAt");
    t.created_at_millis = number_of(j, "createdAtMillis");
    t.expires_at = string_of(j, "expiresAt");
    t.never_expires = core::iequals(t.expires_at, "never") ||
                      core::iequals(string_of(j, "validForDays"), "forever");
    t.expires_at_millis = number_of(j, "expiresAtMillis");
    if (t.never_expires) t.expires_at_millis.reset();
    t.days_until_expiry = number_of(j, "timeUntilExpiryDays");
    t.millis_until_expiry = number_of(j, "timeUntilExpiryMillis");
    // App 5.7.0 bug: an admin-list record without tokenName carries the name in description.
    if (!j.contains("tokenName") && !t.description.empty()) {
        t.name = t.description;
        t.description.clear();
        t.name_from_description = true;
    }
    return t;
}

}  // namespace

core::Result<TokenList> parse_token_list(std::string_view text)
{
    if (core::json_nesting_depth(text) > core::k_max_json_depth) return bad("nested too deeply");
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return bad("not JSON");
    TokenList list;
    const json* items = &j;
    if (j.is_object()) {
        auto it = j.find("allApiTokens");
        if (it == j.end() || !it->is_array()) return bad("an object without 'allApiTokens'");
        list.admin_view = true;
        items = &*it;
    } else if (!j.is_array()) {
        return bad("neither a list nor {\"allApiTokens\":[...]}");
    }
    for (const auto& item : *items) {
        if (!item.is_object()) return bad("a token record is not an object");
        list.tokens.push_back(token_from(item));
    }
    return list;
}

core::Result<CreatedToken> parse_created_token(std::string_view text)
{
    if (core::json_nesting_depth(text) > core::k_max_json_depth) return bad("nested too deeply");
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
    auto value = j.find("apiToken");
    if (value == j.end() || !value->is_string() || value->get_ref<const std::string&>().empty())
        return bad("no 'apiToken' in the answer");
    CreatedToken c;
    c.api_token = value->get<std::string>();
    c.valid_for_days = string_of(j, "validForDays");
    j.erase("apiToken");  // the record below must never carry the secret
    c.token = token_from(j);
    return c;
}

std::string token_request_json(const TokenRequest& request)
{
    json j = json::object();
    if (!request.name.empty()) j["tokenName"] = request.name;
    if (!request.description.empty()) j["description"] = request.description;
    if (request.forever) {
        j["isValidForever"] = true;
    } else if (request.valid_for_days) {
        j["validForDays"] = std::to_string(*request.valid_for_days);  // a string, as documented
    }
    return j.dump();
}

}  // namespace ssosnap::rest
