#pragma once
// Calling URLs that are not the Kantega server: a chat or alerting webhook (watch
// --notify-url, a POST of a JSON document) and a healthchecks-style dead-man's switch
// (--ping-url: GET URL/start, URL, URL/fail). Anonymous, through any Transport (libcurl in
// the CLI), with a bounded number of attempts. The URL itself may hold a secret (chat webhook
// URLs usually do): messages name only its origin.

#include "core/result.hpp"
#include "rest/retry.hpp"
#include "rest/transport.hpp"

#include <string>

namespace ssosnap::rest
{

struct HookPolicy {
    int max_attempts = 3;  ///< attempts in all
    std::chrono::milliseconds initial_delay{1'000};
    std::chrono::milliseconds max_delay{10'000};
};

/// Sends `request` until a 2xx answer, retrying connection failures, 5xx and 429 (and only
/// those) up to policy.max_attempts, waiting with `sleep` (real sleep when empty) between.
/// Fails with Errc::remote, id "hook-failed", naming the URL's origin only.
core::Result<Response> send_hook(Transport& transport, const Request& request,
                                 const HookPolicy& policy, const Sleeper& sleep = {});

/// POSTs `json` (Content-Type application/json) to `url` with send_hook().
core::Result<void> post_json(Transport& transport, const std::string& url, std::string json,
                             const HookPolicy& policy, const Sleeper& sleep = {});

/// GETs `url` + `suffix` ("/start", "", "/fail") with send_hook().
core::Result<void> ping_url(Transport& transport, const std::string& url, const std::string& suffix,
                            const HookPolicy& policy, const Sleeper& sleep = {});

/// "https://hooks.example.test" for any URL (the origin, without path or query), or
/// "<invalid url>": what messages may show of a hook URL.
std::string hook_origin(const std::string& url);

}  // namespace ssosnap::rest
