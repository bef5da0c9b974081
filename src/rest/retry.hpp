#pragma once
// Retries for idempotent requests: GETs (ping, list, download, token list) that fail with a
// connection error, a timeout, a broken transfer, HTTP 5xx (except 501/505) or 429 are sent
// again after an exponentially growing delay, honouring Retry-After, a bounded number of
// times. POST and DELETE are never retried: repeating them could create or remove twice.

#include "rest/transport.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace ssosnap::rest
{

struct RetryPolicy {
    int max_attempts = 4;  ///< attempts in all for an idempotent request; 1 = no retries
    std::chrono::milliseconds initial_delay{500};
    std::chrono::milliseconds max_delay{8'000};
    std::chrono::milliseconds max_retry_after{60'000};  ///< a longer Retry-After is capped
};

/// Waits; injected so tests do not sleep.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

/// Told about each retry before its delay: the attempt about to be made (2..max), the
/// delay, and why ("HTTP 503", "connection to ... broke: ...").
using RetryObserver =
    std::function<void(int next_attempt, std::chrono::milliseconds delay, const std::string& why)>;

/// Returns the delay before retry number `retry` (1-based): initial × 2^(retry-1), capped at
/// max_delay.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry);

/// Parses a Retry-After value (delta seconds or an HTTP date, relative to `now_epoch_s`).
/// Returns nullopt when it is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           long long now_epoch_s);

/// Returns true when a response with this status is worth retrying (5xx but 501/505; 429).
bool is_retryable_status(long status);

/// A Transport decorator adding retries to another transport.
class RetryingTransport final : public Transport
{
public:
    /// `inner` must outlive this object. A null `sleeper` sleeps for real.
    RetryingTransport(Transport& inner, RetryPolicy policy, Sleeper sleeper = {},
                      RetryObserver observer = {});

    /// Sends once, then again while the request is idempotent, the failure is transient and
    /// attempts remain. The last response or error is returned as it is.
    core::Result<Response> send(const Request& request) override;

private:
    Transport& m_inner;
    RetryPolicy m_policy;
    Sleeper m_sleep;
    RetryObserver m_observer;
};

}  // namespace ssosnap::rest
