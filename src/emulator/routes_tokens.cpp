// The API token endpoints: list and create (documented), revoke (assumed). Any
// authenticated user; administrators see (and may revoke) every user's tokens.

#include "emulator/local_clock.hpp"
#include "emulator/server_impl.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace ssosnap::emulator
{
namespace
{

using nlohmann::ordered_json;  // the library's own name (a using-declaration, no alias)
const std::string k_tokens = "/rest/ksso/api/apitokens/3\\.0/user/tokens";
constexpr std::int64_t k_day_millis = 86'400'000;

std::string local_or_empty(std::int64_t millis, const std::optional<std::string>& tz,
                           std::string (*format)(const LocalTime&))
{
    auto t = local_time(millis, tz);
    return t ? format(*t) : std::string();
}

// One list record, in the documented field order.
ordered_json token_json(const StoredToken& t, std::int64_t now,
                        const std::optional<std::string>& tz, bool quirk_570)
{
    ordered_json j;
    j["createdAt"] = local_or_empty(t.created_millis, tz, iso_seconds);
    j["createdAtMillis"] = t.created_millis;
    if (quirk_570) {
        j["description"] = t.name;  // the app 5.7.0 bug: name in description, no tokenName
    } else {
        j["tokenName"] = t.name;
        j["description"] = t.description;
    }
    j["id"] = t.id;
    j["expiresAt"] = t.expires_millis ? local_or_empty(*t.expires_millis, tz, iso_minutes)
                                      : std::string("Never");
    j["username"] = t.username;
    if (t.expires_millis) {
        auto left = *t.expires_millis - now;
        j["timeUntilExpiryDays"] = std::to_string(left / k_day_millis);  // a string, as sent
        j["timeUntilExpiryMillis"] = left;
    }
    return j;
}

// validForDays arrives as a string ("180") or a number.
std::optional<std::int64_t> days_of(const nlohmann::json& v)
{
    std::int64_t d = 0;
    if (v.is_number_integer()) {
        d = v.get<std::int64_t>();
    } else if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (d < 1 || d > 36'500) return std::nullopt;
    return d;
}

}  // namespace

void Emulator::Impl::add_token_routes()
{
    server->Get(k_tokens + "/?", [this](const httplib::Request& req, httplib::Response& res) {
        guard(Endpoint::tokens_list, Access::anyone_authenticated, req, res,
              [&](const Caller& caller) {
                  std::lock_guard lock(mutex);
                  bool quirk = caller.admin && options.plugin_version == "5.7.0";
                  auto items = ordered_json::array();
                  for (const auto& t : state->tokens()) {
                      if (caller.admin || t.username == caller.user)
                          items.push_back(token_json(t, now(), options.tz, quirk));
                  }
                  if (caller.admin) {
                      ordered_json j;
                      j["allApiTokens"] = items;
                      return reply_json(res, 200, j.dump());
                  }
                  reply_json(res, 200, items.dump());
              });
    });

    server->Post(k_tokens + "/?", [this](const httplib::Request& req, httplib::Response& res) {
        guard(Endpoint::tokens_create, Access::anyone_authenticated, req, res,
              [&](const Caller& caller) {
                  auto body = req.body.empty() ? nlohmann::json::object()
                                               : nlohmann::json::parse(req.body, nullptr, false);
                  if (body.is_discarded() || !body.is_object())
                      return reply_error(res, 400, "the body must be a JSON object");
                  bool forever = body.value("isValidForever", false);
                  std::int64_t days = 30;
                  if (!forever && body.contains("validForDays")) {
                      auto d = days_of(body["validForDays"]);
                      if (!d) return reply_error(res, 400, "validForDays must be 1..36500");
                      days = *d;
                  }
                  std::lock_guard lock(mutex);
                  auto created = now();
                  auto name = body.value("tokenName", std::string());
                  if (name.empty())
                      name = "api_token_" + local_or_empty(created, options.tz, iso_millis);
                  std::optional<std::int64_t> expires;
                  if (!forever) expires = created + days * k_day_millis;
                  auto made = state->create_token(caller.user, name,
                                                  body.value("description", std::string()), created,
                                                  expires);
                  if (!made) return reply_error(res, 500, made.error().message);
                  const auto& [token, value] = *made;
                  ordered_json j;
                  j["validForDays"] = forever ? std::string("Forever") : std::to_string(days);
                  j["expiresAt"] =
                      expires ? local_or_empty(*expires, options.tz, iso_minutes) : "Never";
                  j["apiToken"] = value;
                  j["tokenName"] = token.name;
                  j["description"] = token.description;
                  j["id"] = token.id;
                  if (expires) j["expiresAtMillis"] = *expires;
                  reply_json(res, 201, j.dump());
              });
    });

    server->Delete(
        k_tokens + "/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
            guard(Endpoint::tokens_revoke, Access::anyone_authenticated, req, res,
                  [&](const Caller& caller) {
                      std::string text = req.matches[1];
                      std::int64_t id = 0;
                      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
                      if (ec != std::errc() || end != text.data() + text.size())
                          return reply_error(res, 404, "no such token");
                      std::lock_guard lock(mutex);
                      auto revoked = state->revoke_token(id, caller);
                      if (!revoked) return reply_error(res, 500, revoked.error().message);
                      if (!*revoked) return reply_error(res, 404, "no such token");
                      res.status = 204;
                  });
        });
}

}  // namespace ssosnap::emulator
