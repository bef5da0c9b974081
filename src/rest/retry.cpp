#include "rest/retry.hpp"

#include "core/strings.hpp"
#include "rest/libcurl.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <thread>

namespace ssosnap::rest
{

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry)
{
    auto delay = policy.initial_delay;
    for (int i = 1; i < retry && delay < policy.max_delay; ++i)
        delay *= 2;
    return std::min(delay, policy.max_delay);
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           long long now_epoch_s)
{
    auto text = core::trim(value);
    if (text.empty()) return std::nullopt;
    long long seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc() && end == text.data() + text.size()) {
        if (seconds < 0) return std::nullopt;
        return std::chrono::milliseconds(seconds * 1000);
    }
    // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"): libcurl parses every allowed form.
    if (!libcurl::loaded()) return std::nullopt;  // no request was answered without it
    std::string copy(text);
    time_t when = libcurl::getdate(copy.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    long long delta = static_cast<long long>(when) - now_epoch_s;
    return std::chrono::milliseconds(std::max(0LL, delta) * 1000);
}

bool is_retryable_status(long status)
{
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

RetryingTransport::RetryingTransport(Transport& inner, RetryPolicy policy, Sleeper sleeper,
                                     RetryObserver observer)
    : m_inner(inner), m_policy(policy), m_sleep(std::move(sleeper)), m_observer(std::move(observer))
{
    if (!m_sleep) m_sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

core::Result<Response> RetryingTransport::send(const Request& request)
{
    bool may_retry = (is_idempotent(request.method) || request.retry_safe) &&
                     (!request.sink || request.sink->reset);
    int attempts = may_retry ? std::max(1, m_policy.max_attempts) : 1;
    for (int attempt = 1;; ++attempt) {
        auto result = m_inner.send(request);
        if (attempt >= attempts) return result;
        std::string why;
        auto delay = backoff_delay(m_policy, attempt);
        if (!result) {
            if (!is_transient_transport_error(result.error())) return result;
            why = result.error().message;
        } else {
            if (!is_retryable_status(result->status)) return result;
            why = "HTTP " + std::to_string(result->status);
            if (auto ra = result->header("retry-after")) {
                if (auto d = parse_retry_after(*ra, static_cast<long long>(std::time(nullptr)))) {
                    delay = std::min(*d, m_policy.max_retry_after);
                    why += " (Retry-After: " + *ra + ")";
                }
            }
        }
        if (request.sink) {
            auto reset = request.sink->reset();
            if (!reset) return core::fail(reset.error());
        }
        if (m_observer) m_observer(attempt + 1, delay, why);
        m_sleep(delay);
    }
}

}  // namespace ssosnap::rest
