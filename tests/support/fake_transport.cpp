#include "fake_transport.hpp"

#include <algorithm>

namespace ssosnap::rest
{

FakeReply FakeReply::http(long status, std::string body,
                          std::vector<std::pair<std::string, std::string>> headers)
{
    FakeReply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

FakeReply FakeReply::failure(core::Error error)
{
    FakeReply r;
    r.error = std::move(error);
    return r;
}

void FakeTransport::push(FakeReply reply)
{
    m_replies.push_back(std::move(reply));
}

core::Result<Response> FakeTransport::send(const Request& request)
{
    Request copy = request;
    copy.upload_progress = nullptr;
    copy.download_progress = nullptr;
    if (copy.sink) copy.sink = BodySink{};  // kept as a marker: this request streamed
    m_requests.push_back(std::move(copy));
    if (m_replies.empty()) {
        return core::fail(core::Errc::internal,
                          "fake transport: no reply queued for " +
                              std::string(method_name(request.method)) + " " + request.url,
                          "fake-exhausted");
    }
    FakeReply reply = std::move(m_replies.front());
    m_replies.pop_front();
    if (reply.error) return core::fail(*reply.error);
    Response response;
    response.status = reply.status;
    response.headers = std::move(reply.headers);
    response.url = request.url;
    if (request.sink && reply.status >= 200 && reply.status < 300) {
        std::string_view rest = reply.body;
        const std::size_t chunk = std::max<std::size_t>(1, rest.size() / 3 + 1);
        std::uint64_t done = 0;
        while (!rest.empty()) {
            auto piece = rest.substr(0, chunk);
            SSOSNAP_TRY(request.sink->write(piece));
            done += piece.size();
            rest.remove_prefix(piece.size());
            if (request.download_progress) request.download_progress(done, reply.body.size());
        }
    } else {
        response.body = std::move(reply.body);
    }
    return response;
}

}  // namespace ssosnap::rest
