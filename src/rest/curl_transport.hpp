#pragma once
// The libcurl transport. TLS peer and host verification are on unless `insecure`; proxies
// come from the environment exactly as curl honours them (http_proxy, https_proxy,
// no_proxy, ...). Redirects are followed by this class, not by curl, and only within the
// same origin (scheme, host, port): credentials are never sent to another host.

#include "rest/transport.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace ssosnap::rest
{

struct CurlOptions {
    std::filesystem::path ca_file;  ///< --cacert: trust this PEM bundle instead of the system's
    bool insecure = false;          ///< --insecure: skip TLS verification (the CLI warns)
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{600'000};  ///< whole transfer; 0 = none
    std::string user_agent = "ssosnap";
    int max_redirects = 5;  ///< same-origin redirects followed per request
    /// Largest body kept in memory (lists, error pages); a larger one fails the request.
    std::uint64_t max_memory_body = std::uint64_t{64} << 20;
};

/// Sends requests with libcurl. Reuses connections between requests; not thread-safe
/// (use one instance per thread).
class CurlTransport final : public Transport
{
public:
    explicit CurlTransport(CurlOptions options);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    /// Performs the request, following same-origin redirects (any for GET; 307/308 only for
    /// POST and DELETE). Fails with Errc::remote ("connect", "connection-refused" (not
    /// retried), "plain-http-port" (https:// to an http port), "tls-port" (http:// to a TLS
    /// port), "timeout", "tls", "transfer", "redirect"), or Errc::input when a local file (upload
    /// body, --cacert) is unreadable.
    core::Result<Response> send(const Request& request) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ssosnap::rest
