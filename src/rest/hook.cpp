#include "rest/hook.hpp"

#include "rest/url.hpp"

#include <algorithm>
#include <thread>

namespace ssosnap::rest
{

std::string hook_origin(const std::string& url)
{
    auto o = parse_origin(url);
    if (!o) return "<invalid url>";
    return o->scheme + "://" + o->host + ":" + std::to_string(o->port);
}

core::Result<Response> send_hook(Transport& transport, const Request& request,
                                 const HookPolicy& policy, const Sleeper& sleep)
{
    if (!parse_origin(request.url)) {
        return core::fail(core::Errc::usage,
                          "not an absolute http(s) URL: " + hook_origin(request.url), "usage");
    }
    std::string why;
    const int attempts = std::max(1, policy.max_attempts);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        if (attempt > 1) {
            auto delay = policy.initial_delay * (1 << std::min(attempt - 2, 10));
            delay = std::min(delay, policy.max_delay);
            if (sleep) {
                sleep(delay);
            } else {
                std::this_thread::sleep_for(delay);
            }
        }
        auto r = transport.send(request);
        if (r && r->status >= 200 && r->status < 300) return r;
        if (r) {
            why = "HTTP " + std::to_string(r->status);
            if (!is_retryable_status(r->status)) break;
        } else {
            why = r.error().message;
            if (!is_transient_transport_error(r.error())) break;
        }
    }
    return core::fail(core::Errc::remote,
                      std::string(method_name(request.method)) + " " + hook_origin(request.url) +
                          "/...: " + why,
                      "hook-failed");
}

core::Result<void> post_json(Transport& transport, const std::string& url, std::string json,
                             const HookPolicy& policy, const Sleeper& sleep)
{
    Request rq;
    rq.method = Method::post;
    rq.url = url;
    rq.body = BodySource::text(std::move(json), "application/json");
    auto r = send_hook(transport, rq, policy, sleep);
    if (!r) return core::fail(r.error());
    return {};
}

core::Result<void> ping_url(Transport& transport, const std::string& url, const std::string& suffix,
                            const HookPolicy& policy, const Sleeper& sleep)
{
    Request rq;
    rq.method = Method::get;
    std::string base = url;
    while (!suffix.empty() && !base.empty() && base.back() == '/')
        base.pop_back();
    rq.url = base + suffix;
    auto r = send_hook(transport, rq, policy, sleep);
    if (!r) return core::fail(r.error());
    return {};
}

}  // namespace ssosnap::rest
