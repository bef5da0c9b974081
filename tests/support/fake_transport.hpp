#pragma once
// A Transport for tests: it records every request it is given and answers from a queue of
// scripted replies (bodies typically read from fixtures/api/). Nothing touches the network.

#include "rest/transport.hpp"

#include <deque>
#include <string>
#include <vector>

namespace ssosnap::rest
{

/// One scripted answer: an HTTP response, or a transport error.
struct FakeReply {
    long status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case
    std::string body;
    std::optional<core::Error> error;  ///< set: send() fails with it instead

    /// A response with `status` and `body` (and optional headers, names in lower case).
    static FakeReply http(long status, std::string body = {},
                          std::vector<std::pair<std::string, std::string>> headers = {});
    /// A transport failure such as {Errc::remote, "...", "connect"}.
    static FakeReply failure(core::Error error);
};

/// Records requests and replays scripted replies in order. A 2xx body meant for a sink is
/// written to it in several chunks, so streaming code paths run as they do over the network.
class FakeTransport final : public Transport
{
public:
    /// Queues a reply for the next request that has none yet.
    void push(FakeReply reply);

    /// Records `request` (without its sink or callbacks) and returns the next queued reply.
    /// Fails with Errc::internal ("fake-exhausted") when the queue is empty.
    core::Result<Response> send(const Request& request) override;

    /// Every request received, in order.
    const std::vector<Request>& requests() const { return m_requests; }
    /// Replies still queued.
    std::size_t pending() const { return m_replies.size(); }

private:
    std::deque<FakeReply> m_replies;
    std::vector<Request> m_requests;
};

}  // namespace ssosnap::rest
