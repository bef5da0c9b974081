#include "emulator/server.hpp"

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "emulator/local_clock.hpp"
#include "emulator/server_impl.hpp"
#include "metadata/local_time.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace ssosnap::emulator
{
namespace
{

// Base64 as used by HTTP Basic (RFC 4648 alphabet, padding optional). cpp-httplib only
// exposes an encoder; returns nullopt on a malformed value.
std::optional<std::string> base64_decode(std::string_view in)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    std::string out;
    unsigned buf = 0;
    int bits = 0;
    for (char c : in) {
        int v = value(c);
        if (v < 0) return std::nullopt;
        buf = (buf << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> bits) & 0xFFU);
        }
    }
    return out;
}

// The authentication scheme a request used, for the request log: "basic", "ksso-token",
// "bearer", "none", or "other" (never the credentials themselves).
std::string auth_scheme(const httplib::Request& req)
{
    auto header = req.get_header_value("Authorization");
    if (header.empty()) return "none";
    auto scheme = core::to_lower(header.substr(0, header.find(' ')));
    if (scheme == "basic" || scheme == "ksso-token" || scheme == "bearer") return scheme;
    return "other";
}

// Atlassian's XsrfResourceFilter (atlassian-rest-common, behind every REST resource of Jira
// and Confluence): only a POST whose media type is absent, form-urlencoded, multipart or
// text/plain (what an HTML form can send) needs "X-Atlassian-Token: no-check" (any case; SAL's
// XsrfHeaderValidator) or the deprecated "nocheck". A POST of application/json passes without
// it; for PUT and DELETE the filter only logs a failure. Browser origin checks are not emulated.
bool xsrf_refused(const httplib::Request& req)
{
    if (req.method != "POST") return false;
    const auto content_type = req.get_header_value("Content-Type");
    const auto media_type = core::to_lower(
        core::trim(std::string_view(content_type).substr(0, content_type.find(';'))));
    const bool xsrfable = media_type.empty() || media_type == "application/x-www-form-urlencoded" ||
                          media_type == "multipart/form-data" || media_type == "text/plain";
    if (!xsrfable) return false;
    const auto token = req.get_header_value("X-Atlassian-Token");
    return !core::iequals(token, "no-check") && !core::iequals(token, "nocheck");
}

// What a 4xx or 5xx that cpp-httplib answered itself (no route, an unreadable request, too
// large a body) means, for the body every error answer carries.
std::string status_reason(int status)
{
    switch (status) {
    case 400:
        return "bad request: the request could not be read";
    case 404:
        return "not found";
    case 405:
        return "method not allowed";
    case 413:
        return "request entity too large";
    case 414:
        return "request URI too long";
    case 416:
        return "requested range not satisfiable";
    default:
        return "HTTP status " + std::to_string(status);
    }
}

// Quirks of cpp-httplib 0.11 (Debian 12) where Tomcat behaves otherwise, fixed before routing.
void add_http_fixes(httplib::Server& server)
{
    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112
        // §6.3), which is how Tomcat reads `curl -X POST URL`. cpp-httplib 0.11 instead reads
        // such a POST until the client closes the connection, which it never does: after its
        // 5 s read timeout it answered 400 with no body (measured). Frame the request as empty.
        // The Request is a non-const object of the server's; the handler sees it as const.
        if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
            const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            // Every error answer says why: the routes set their own bodies, this covers the
            // answers cpp-httplib gives by itself (which would otherwise be empty).
            if (!res.body.empty() || res.content_length_ > 0)
                return httplib::Server::HandlerResponse::Unhandled;
            reply_error(res, res.status, status_reason(res.status));
            return httplib::Server::HandlerResponse::Handled;
        }));
}

bool is_transfer(Endpoint e)
{
    return e == Endpoint::download || e == Endpoint::upload || e == Endpoint::remove;
}

// Answers with a fault; returns true when the request is finished.
bool inject(FaultKind kind, httplib::Response& res)
{
    switch (kind) {
    case FaultKind::http500:
        reply_error(res, 500, "injected fault: internal server error");
        return true;
    case FaultKind::http503:
        res.set_header("Retry-After", "1");
        reply_error(res, 503, "injected fault: service unavailable");
        return true;
    case FaultKind::http429:
        res.set_header("Retry-After", "1");
        reply_error(res, 429, "injected fault: too many requests");
        return true;
    case FaultKind::drop:
        // Headers promise a body, then the connection closes: the client sees a broken
        // transfer, as when a proxy or the server dies mid-answer.
        res.set_content_provider(
            1024, "application/json",
            [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
        return true;
    case FaultKind::slow:
        return false;
    }
    return false;
}

void wait_until_running(const httplib::Server& server)
{
    for (int i = 0; i < 5000 && !server.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void add_ping_route(Emulator::Impl& impl)
{
    impl.server->Get("/rest/ksso/api/info/1\\.0/ping", [&impl](const httplib::Request& req,
                                                               httplib::Response& res) {
        impl.guard(Endpoint::ping, Access::anyone_authenticated, req, res, [&](const Caller&) {
            auto now = impl.now();
            auto local = local_time(now, impl.options.tz);
            nlohmann::ordered_json j;
            j["datetime"] = local ? iso_offset(*local, impl.options.tz) : "";
            j["response"] = "pong";
            j["timestamp"] = now;
            reply_json(res, 200, j.dump());
        });
    });
}

void add_fallback_routes(Emulator::Impl& impl)
{
    auto unknown = [&impl](const httplib::Request& req, httplib::Response& res) {
        reply_error(res, 404, "null for uri: " + req.path);
        std::lock_guard lock(impl.mutex);
        impl.write_log(req, res, Endpoint::unknown, nullptr);
    };
    impl.server->Get(".*", unknown);
    impl.server->Post(".*", unknown);
    impl.server->Put(".*", unknown);
    impl.server->Delete(".*", unknown);
}

}  // namespace

void reply_json(httplib::Response& res, int status, const std::string& body)
{
    res.status = status;
    res.set_content(body, "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message)
{
    nlohmann::ordered_json j;
    j["message"] = message;
    j["status-code"] = status;
    reply_json(res, status, j.dump());
}

std::int64_t Emulator::Impl::now() const
{
    return options.now ? options.now() : core::now_millis();
}

void Emulator::Impl::write_log(const httplib::Request& req, const httplib::Response& res,
                               Endpoint endpoint, const char* fault)
{
    if (!log.is_open()) return;
    // Never headers or bodies: they carry credentials and secrets.
    nlohmann::ordered_json j;
    j["time"] = metadata::utc_iso(now());
    j["method"] = req.method;
    j["path"] = req.path;
    j["endpoint"] = endpoint_name(endpoint);
    j["status"] = res.status;
    j["auth"] = auth_scheme(req);
    if (fault) j["fault"] = fault;
    log << j.dump() << "\n" << std::flush;
}

std::optional<Caller> Emulator::Impl::authenticate(const httplib::Request& req,
                                                   bool& had_credentials)
{
    auto header = req.get_header_value("Authorization");
    had_credentials = !header.empty();
    auto space = header.find(' ');
    if (space == std::string::npos) return std::nullopt;
    auto scheme = core::to_lower(header.substr(0, space));
    std::string value(core::trim(std::string_view(header).substr(space + 1)));
    if (scheme == "basic") {
        auto decoded = base64_decode(value);
        if (!decoded) return std::nullopt;
        auto colon = decoded->find(':');
        if (colon == std::string::npos) return std::nullopt;
        return state->check_basic(decoded->substr(0, colon), decoded->substr(colon + 1), now());
    }
    if (scheme == "ksso-token" || scheme == "bearer") return state->check_token(value, now());
    return std::nullopt;
}

void Emulator::Impl::guard(Endpoint endpoint, Access access, const httplib::Request& req,
                           httplib::Response& res,
                           const std::function<void(const Caller&)>& handler,
                           const std::function<void()>& drain)
{
    {
        std::lock_guard lock(mutex);
        ++in_flight;
    }
    struct Leave {
        Impl& impl;
        ~Leave()
        {
            std::lock_guard lock(impl.mutex);
            if (--impl.in_flight == 0) impl.idle.notify_all();
        }
    } leave{*this};
    auto finish_early = [&](const char* fault) {
        if (drain) drain();
        std::lock_guard lock(mutex);
        write_log(req, res, endpoint, fault);
    };
    if (!options.transfer && is_transfer(endpoint)) {
        reply_error(res, 404, "null for uri: " + req.path);  // as on a server without it
        return finish_early(nullptr);
    }
    if (auto fault = faults->next(endpoint)) {
        if (*fault == FaultKind::slow)
            std::this_thread::sleep_for(std::chrono::milliseconds(faults->slow_millis()));
        if (inject(*fault, res)) return finish_early(fault_kind_name(*fault));
    }
    std::optional<Caller> caller;
    bool had_credentials = false;
    {
        std::lock_guard lock(mutex);
        caller = authenticate(req, had_credentials);
    }
    if (!caller) {
        res.set_header("WWW-Authenticate", "Basic realm=\"protected-area\"");
        if (had_credentials) res.set_header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED");
        reply_error(res, 401, "Client must be authenticated to access this resource.");
        return finish_early(nullptr);
    }
    if (xsrf_refused(req)) {
        res.status = 403;
        res.set_content("XSRF check failed", "text/plain");  // as atlassian-rest-common says
        return finish_early(nullptr);
    }
    if (access == Access::admin && !caller->admin) {
        reply_error(res, 403, "user '" + caller->user + "' is not a system administrator");
        return finish_early(nullptr);
    }
    handler(*caller);
    std::lock_guard lock(mutex);
    write_log(req, res, endpoint, nullptr);
}

Emulator::Emulator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Emulator::~Emulator()
{
    stop();
}

core::Result<std::unique_ptr<Emulator>> Emulator::start(EmulatorOptions options)
{
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    auto& o = impl->options;
    if (o.data_dir.empty()) return core::fail(core::Errc::usage, "--data DIR is required");
    if (auto zone_ok = metadata::local_name_time(0, o.tz); !zone_ok)
        return core::fail(zone_ok.error());
    impl->store.emplace(o.data_dir,
                        AppIdentity{o.app_name, o.app_version, o.plugin_version, o.base_url, o.tz});
    SSOSNAP_TRY(impl->store->init());
    auto state = State::open(o.data_dir / State::k_file_name, o.users);
    if (!state) return core::fail(state.error());
    impl->state.emplace(std::move(*state));
    impl->faults.emplace(o.faults);
    if (!o.request_log.empty()) {
        impl->log.open(o.request_log, std::ios::app);
        if (!impl->log)
            return core::fail(core::Errc::input,
                              "cannot open the request log " + core::quote(o.request_log.string()));
    }
    if (!o.tls_cert.empty() || !o.tls_key.empty()) {
        auto ssl = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
        if (!ssl->is_valid()) {
            return core::fail(core::Errc::input,
                              "cannot load --tls-cert " + core::quote(o.tls_cert.string()) +
                                  " and --tls-key " + core::quote(o.tls_key.string()));
        }
        impl->server = std::move(ssl);
        impl->tls = true;
    } else {
        impl->server = std::make_unique<httplib::Server>();
    }
    add_http_fixes(*impl->server);
    add_ping_route(*impl);
    impl->add_snapshot_routes();
    impl->add_token_routes();
    add_fallback_routes(*impl);
    impl->port = o.port == 0 ? impl->server->bind_to_any_port(o.bind_address)
                             : (impl->server->bind_to_port(o.bind_address, o.port) ? o.port : -1);
    if (impl->port <= 0) {
        return core::fail(core::Errc::remote,
                          "cannot listen on " + o.bind_address + ":" + std::to_string(o.port));
    }
    auto* server = impl->server.get();
    impl->thread = std::thread([server] { server->listen_after_bind(); });
    wait_until_running(*server);
    return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
}

int Emulator::port() const
{
    return m_impl->port;
}

std::string Emulator::url() const
{
    auto host = m_impl->options.bind_address;
    if (host == "0.0.0.0") host = "127.0.0.1";
    return std::string(m_impl->tls ? "https" : "http") + "://" + host + ":" +
           std::to_string(m_impl->port);
}

void Emulator::add_faults(const std::vector<PlannedFault>& plan)
{
    m_impl->faults->add_plan(plan);
}

void Emulator::wait_idle()
{
    std::unique_lock lock(m_impl->mutex);
    m_impl->idle.wait(lock, [this] { return m_impl->in_flight == 0; });
}

void Emulator::stop()
{
    if (!m_impl || !m_impl->server || m_impl->stopped) return;
    m_impl->stopped = true;
    // stop() only acts on a running server: let a just-started thread get there first.
    wait_until_running(*m_impl->server);
    m_impl->server->stop();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

}  // namespace ssosnap::emulator
