#pragma once
// The Kantega SSO Enterprise REST emulator: a stand-in server for tests, the demo and
// restore rehearsals. Every endpoint of docs/rest-api.md, documented and assumed, with the
// documented body shapes, Atlassian-style authentication answers (401 with
// WWW-Authenticate and X-Seraph-LoginReason; 403 for non-administrators and, as Atlassian's
// XsrfResourceFilter does, for a POST of no, form, multipart or text/plain media type without
// "X-Atlassian-Token: no-check"), a body saying why on every error answer, fault injection
// and a request log.
// Start it in-process (tests) or through the ksso-emulator binary.

#include "core/result.hpp"
#include "emulator/options.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ssosnap::emulator
{

class Emulator
{
public:
    /// Prepares the data folder, opens the state, binds the port and starts serving on a
    /// background thread. Fails with Errc::usage (bad options, no users), Errc::input (data
    /// folder, TLS files) or Errc::remote (the port cannot be bound).
    static core::Result<std::unique_ptr<Emulator>> start(EmulatorOptions options);

    ~Emulator();
    Emulator(const Emulator&) = delete;
    Emulator& operator=(const Emulator&) = delete;

    /// The bound port (the chosen one when started with port 0).
    int port() const;
    /// "http://127.0.0.1:PORT" or "https://..." — the base URL clients use.
    std::string url() const;
    /// Adds planned faults while running; request numbers count from now.
    void add_faults(const std::vector<PlannedFault>& plan);
    /// Waits until no request is being handled: a request the client gave up on (a "slow"
    /// fault against a client timeout) still runs to its end on the server, as on a real one.
    void wait_idle();
    /// Stops serving and joins the server thread. Idempotent.
    void stop();

    struct Impl;

private:
    explicit Emulator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ssosnap::emulator
