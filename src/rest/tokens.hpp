#pragma once
// Kantega API tokens as the server reports them, parsed tolerantly: numbers may come as
// strings ("validForDays":"180", "timeUntilExpiryDays":"29"), "expiresAt" may be "Never",
// "id" may be missing in old records, "expiresAtMillis" is absent for tokens valid forever,
// and app 5.7.0 sends some admin-list records without "tokenName" but with the name in
// "description" (shown as the name, flagged by name_from_description).

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::rest
{

/// One API token. Never holds the token value (the server sends it only at creation).
struct ApiToken {
    std::optional<std::int64_t> id;      ///< missing in some old records
    std::string name;                    ///< tokenName (or the 5.7.0 description quirk)
    bool name_from_description = false;  ///< the 5.7.0 quirk was applied
    std::string description;
    std::string username;
    std::string created_at;  ///< server local time, "2022-01-05T08:41:31"; may be empty
    std::optional<std::int64_t> created_at_millis;  // epoch ms, UTC
    std::string expires_at;  ///< server local time "2022-02-04T08:41", or "Never"
    bool never_expires = false;
    std::optional<std::int64_t> expires_at_millis;    // epoch ms, UTC; absent when never
    std::optional<std::int64_t> days_until_expiry;    ///< timeUntilExpiryDays
    std::optional<std::int64_t> millis_until_expiry;  ///< timeUntilExpiryMillis
};

/// A token list: the administrator view ({"allApiTokens":[...]}, every user's tokens) or the
/// user view (a plain array of the caller's own tokens).
struct TokenList {
    bool admin_view = false;
    std::vector<ApiToken> tokens;
};

/// What to ask for when creating a token; empty fields are left to the server's defaults
/// (name api_token_<time>, empty description, 30 days).
struct TokenRequest {
    std::string name;
    std::string description;
    std::optional<int> valid_for_days;
    bool forever = false;
};

/// The answer to a creation: the token record and its value, shown once.
struct CreatedToken {
    ApiToken token;
    std::string valid_for_days;  ///< "180" or "Forever", as sent
    std::string api_token;       ///< the secret: never log it
};

/// Parses a token list in either shape. Fails with Errc::remote ("bad-response") when the
/// body is neither an array nor an object holding an "allApiTokens" array.
core::Result<TokenList> parse_token_list(std::string_view json);

/// Parses the 201 answer to a creation. Fails with Errc::remote when "apiToken" is missing.
core::Result<CreatedToken> parse_created_token(std::string_view json);

/// Returns the creation body in the documented shape: {"tokenName":..,"description":..,
/// "validForDays":"180"} or {..,"isValidForever":true}; absent fields are left out.
std::string token_request_json(const TokenRequest& request);

}  // namespace ssosnap::rest
