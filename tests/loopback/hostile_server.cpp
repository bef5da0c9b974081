#include "hostile_server.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace ssosnap::loopback
{
namespace
{

constexpr std::size_t k_max_head = 64 * 1024;
constexpr std::uint64_t k_max_endless = std::uint64_t{16} << 30;  // a safety net, never reached

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

std::string trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t\r\n");
    auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool send_all(int fd, std::string_view data)
{
    while (!data.empty()) {
        auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Reads more bytes into `buffer`; false on end of stream, error or timeout.
bool receive(int fd, std::string& buffer)
{
    char chunk[16384];
    for (;;) {
        auto n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
}

// The path of a request target: "/a?b" stays, "http://h:p/a?b" (a proxy request) gives "/a?b".
std::string path_of(const std::string& target)
{
    auto scheme = target.find("://");
    if (scheme == std::string::npos) return target;
    auto slash = target.find('/', scheme + 3);
    return slash == std::string::npos ? "/" : target.substr(slash);
}

const char* reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    default:
        return "Whatever";
    }
}

}  // namespace

std::optional<std::string> HostileRequest::header(const std::string& name) const
{
    for (const auto& [k, v] : headers) {
        if (k == name) return v;
    }
    return std::nullopt;
}

HostileResponse HostileResponse::json(std::string body, int status)
{
    HostileResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
}

HostileResponse HostileResponse::redirect(int status, std::string location)
{
    HostileResponse r;
    r.status = status;
    r.headers = {{"Location", std::move(location)}};
    return r;
}

HostileResponse HostileResponse::endless(std::string content_type)
{
    HostileResponse r;
    r.headers = {{"Content-Type", std::move(content_type)}};
    r.more = [] { return std::string(64 * 1024, 'A'); };
    return r;
}

HostileServer::HostileServer(const std::string& address) : m_address(address)
{
    if (::pipe(m_stop) != 0) throw std::runtime_error("pipe failed");
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen < 0) throw std::runtime_error("socket failed");
    int yes = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    if (::inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + address);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_listen, 16) != 0)
        throw std::runtime_error("cannot listen on " + address);
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

HostileServer::~HostileServer()
{
    (void)!::write(m_stop[1], "x", 1);
    if (m_thread.joinable()) m_thread.join();
    ::close(m_listen);
    ::close(m_stop[0]);
    ::close(m_stop[1]);
}

void HostileServer::on(std::string method, std::string path_prefix, HostileHandler handler)
{
    std::lock_guard lock(m_mutex);
    m_rules.push_back({std::move(method), std::move(path_prefix), std::move(handler)});
}

std::string HostileServer::url() const
{
    return "http://" + m_address + ":" + std::to_string(m_port);
}

std::vector<HostileRequest> HostileServer::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void HostileServer::serve()
{
    for (;;) {
        pollfd fds[2] = {{m_listen, POLLIN, 0}, {m_stop[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents != 0) return;
        int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        handle(fd);
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
    }
}

HostileResponse HostileServer::answer(const HostileRequest& request) const
{
    const std::string path = path_of(request.target);
    HostileHandler handler;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& rule : m_rules) {
            if ((rule.method == "*" || rule.method == request.method) &&
                path.rfind(rule.prefix, 0) == 0)
                handler = rule.handler;
        }
    }
    if (!handler) return HostileResponse::json("{\"message\":\"no rule\"}", 404);
    return handler(request);
}

void HostileServer::handle(int fd)
{
    std::string buffer;
    std::size_t head_end = std::string::npos;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > k_max_head || !receive(fd, buffer)) return;
    }
    HostileRequest rq;
    std::string head = buffer.substr(0, head_end);
    std::string rest = buffer.substr(head_end + 4);
    auto line_end = head.find("\r\n");
    std::string line = head.substr(0, line_end);
    auto sp1 = line.find(' ');
    auto sp2 = line.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return;
    rq.method = line.substr(0, sp1);
    rq.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    for (auto pos = line_end; pos != std::string::npos && pos < head.size();) {
        auto next = head.find("\r\n", pos + 2);
        std::string h =
            head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
        auto colon = h.find(':');
        if (colon != std::string::npos)
            rq.headers.emplace_back(lower(trim(h.substr(0, colon))), trim(h.substr(colon + 1)));
        pos = next;
    }
    if (lower(rq.header("expect").value_or("")) == "100-continue")
        send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    // Read the request body and drop it (uploads are large; only their size is kept).
    if (auto length = rq.header("content-length")) {
        const std::uint64_t want = std::stoull(*length);
        std::uint64_t got = rest.size();
        while (got < want) {
            std::string more;
            if (!receive(fd, more)) break;
            got += more.size();
        }
        rq.body_bytes = got;
    } else if (lower(rq.header("transfer-encoding").value_or("")) == "chunked") {
        while (rest.find("0\r\n\r\n") == std::string::npos && receive(fd, rest)) {
            if (rest.size() > 1024) rest.erase(0, rest.size() - 16);
        }
    }
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(rq);
    }
    HostileResponse r = answer(rq);
    if (r.delay_ms > 0) {
        pollfd stop{m_stop[0], POLLIN, 0};
        ::poll(&stop, 1, r.delay_ms);
    }
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
    for (const auto& [k, v] : r.headers)
        out += k + ": " + v + "\r\n";
    std::optional<std::uint64_t> length = r.content_length;
    if (!length && !r.more) length = r.body.size();
    if (length) out += "Content-Length: " + std::to_string(*length) + "\r\n";
    out += "Connection: close\r\n\r\n" + r.body;
    if (!send_all(fd, out) || !r.more) return;
    std::uint64_t sent = 0;
    for (std::string chunk = r.more(); !chunk.empty() && sent < k_max_endless; chunk = r.more()) {
        pollfd stop{m_stop[0], POLLIN, 0};
        if (::poll(&stop, 1, 0) > 0) return;  // the server is going away
        if (!send_all(fd, chunk)) return;     // the client hung up: what an endless body wants
        sent += chunk.size();
    }
}

}  // namespace ssosnap::loopback
