#pragma once
// A hostile HTTP/1.1 server for loopback tests: plain POSIX sockets, one thread, one
// connection at a time ("Connection: close" on every answer), scripted answers per method and
// path prefix. It says whatever a test makes it say (bad ids, deep JSON, endless bodies, a
// Content-Length of terabytes, echoed credentials, terminal escapes, redirects anywhere) and
// records every request it receives, headers included, so a test can prove what the client
// sent where. It also serves as an HTTP proxy: a request line with an absolute URL is recorded
// like any other (docs/testing.md, "Hostile server").
//
//   HostileServer server;                       // 127.0.0.1, a free port
//   server.on("GET", "/rest/", [](const HostileRequest&) { return HostileResponse::json("[]"); });
//   run({"remote", "list", "--url", server.url(), ...});
//   EXPECT_EQ(server.requests().size(), 1u);

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ssosnap::loopback
{

struct HostileRequest {
    std::string method;  ///< "GET", "POST", "DELETE"
    std::string target;  ///< as sent: "/rest/...?q=1", or "http://host:port/..." via a proxy
    std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case
    std::uint64_t body_bytes = 0;                              ///< received (and dropped)

    /// The first header named `name` (lower case), or nullopt.
    std::optional<std::string> header(const std::string& name) const;
};

struct HostileResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// Sent after `body`, chunk by chunk, until it returns an empty string or the client
    /// hangs up (an endless body never returns empty). Without Content-Length unless
    /// `content_length` is set.
    std::function<std::string()> more;
    /// The Content-Length to announce; default: body.size() when `more` is empty, none
    /// otherwise. May lie.
    std::optional<std::uint64_t> content_length;
    /// Milliseconds to wait before answering (a held answer, for tests that watch the client).
    int delay_ms = 0;

    /// 200 with a JSON body.
    static HostileResponse json(std::string body, int status = 200);
    /// `status` with a Location header.
    static HostileResponse redirect(int status, std::string location);
    /// 200, application/zip, `chunk` repeated forever (no Content-Length).
    static HostileResponse endless(std::string content_type = "application/zip");
};

using HostileHandler = std::function<HostileResponse(const HostileRequest&)>;

class HostileServer
{
public:
    /// Listens on `address` ("127.0.0.1", "127.0.0.2"), a free port. Throws on failure.
    explicit HostileServer(const std::string& address = "127.0.0.1");
    ~HostileServer();
    HostileServer(const HostileServer&) = delete;
    HostileServer& operator=(const HostileServer&) = delete;

    /// Answers requests whose method is `method` ("*": any) and whose path starts with
    /// `path_prefix` with `handler`. The last matching rule wins; unmatched requests get 404.
    void on(std::string method, std::string path_prefix, HostileHandler handler);

    /// "http://ADDRESS:PORT", no trailing slash.
    std::string url() const;
    int port() const { return m_port; }
    /// Every request received so far, in order.
    std::vector<HostileRequest> requests() const;

private:
    struct Rule {
        std::string method;
        std::string prefix;
        HostileHandler handler;
    };
    void serve();
    void handle(int fd);
    HostileResponse answer(const HostileRequest& request) const;

    std::string m_address;
    int m_port = 0;
    int m_listen = -1;
    int m_stop[2] = {-1, -1};  ///< a pipe: writing to it ends serve()
    mutable std::mutex m_mutex;
    std::vector<Rule> m_rules;
    std::vector<HostileRequest> m_requests;
    std::thread m_thread;
};

}  // namespace ssosnap::loopback
