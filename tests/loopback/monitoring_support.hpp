#pragma once
// Loopback support for the monitoring hooks of watch and backup: a webhook and ping receiver
// on 127.0.0.1 (cpp-httplib) that records every request, and `promtool check metrics` run on
// a metrics file.

#include "remote_support.hpp"

#include <chrono>
#include <cstdlib>
#include <httplib.h>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <utility>
#include <vector>

namespace ssosnap::loopback
{

/// A webhook and ping receiver on 127.0.0.1 that records every request's method, path and
/// body, in arrival order.
class Receiver
{
public:
    Receiver()
    {
        auto record = [this](const httplib::Request& rq, httplib::Response& rs) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_seen.push_back({rq.method, rq.path, rq.body});
            rs.set_content("ok", "text/plain");
        };
        m_server.Post(".*", record);
        m_server.Get(".*", record);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 500 && !m_server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ~Receiver()
    {
        m_server.stop();
        m_thread.join();
    }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    struct Seen {
        std::string method;
        std::string path;
        std::string body;
    };
    std::string url(const std::string& path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    /// The requests of `method` ("GET", "POST"), in arrival order.
    std::vector<Seen> seen(const std::string& method) const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<Seen> out;
        for (const auto& s : m_seen) {
            if (s.method == method) out.push_back(s);
        }
        return out;
    }
    /// The paths of every request, "METHOD PATH", in arrival order.
    std::vector<std::string> requests() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<std::string> out;
        for (const auto& s : m_seen)
            out.push_back(s.method + " " + s.path);
        return out;
    }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<Seen> m_seen;
};

/// Runs `promtool check metrics` on `file`; returns its exit status and output.
inline std::pair<int, std::string> promtool(const fs::path& file)
{
    const auto out = file.string() + ".promtool";
    const std::string cmd = "promtool check metrics < '" + file.string() + "' > '" + out + "' 2>&1";
    const int rc = std::system(cmd.c_str());  // NOLINT: a fixed command on test paths
    return {WEXITSTATUS(rc), read_text(out)};
}

}  // namespace ssosnap::loopback
