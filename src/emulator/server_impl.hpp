#pragma once
// Internal to src/emulator (included only by its .cpp files, never by other modules): the
// server's state and the request guard shared by the route files.

#include "emulator/faults.hpp"
#include "emulator/options.hpp"
#include "emulator/server.hpp"
#include "emulator/snapshots.hpp"
#include "emulator/state.hpp"

#include <condition_variable>
#include <fstream>
#include <httplib.h>
#include <mutex>
#include <thread>

namespace ssosnap::emulator
{

/// Who may call an endpoint.
enum class Access { anyone_authenticated, admin };

struct Emulator::Impl {
    EmulatorOptions options;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
    bool tls = false;
    bool stopped = false;
    std::mutex mutex;  ///< guards state, store and the log
    std::optional<State> state;
    std::optional<SnapshotStore> store;
    std::optional<FaultInjector> faults;
    std::ofstream log;
    int in_flight = 0;             ///< requests inside guard(), guarded by `mutex`
    std::condition_variable idle;  ///< notified when in_flight drops to 0

    std::int64_t now() const;
    /// Runs `handler` for an authenticated caller after the no-transfer, fault, auth, XSRF
    /// and administrator checks; logs the request. `drain` reads an unread request body
    /// away when the request is answered early (uploads).
    void guard(Endpoint endpoint, Access access, const httplib::Request& req,
               httplib::Response& res, const std::function<void(const Caller&)>& handler,
               const std::function<void()>& drain = {});
    void write_log(const httplib::Request& req, const httplib::Response& res, Endpoint endpoint,
                   const char* fault);
    std::optional<Caller> authenticate(const httplib::Request& req, bool& had_credentials);

    void add_snapshot_routes();
    void add_token_routes();
};

/// Sets a JSON body.
void reply_json(httplib::Response& res, int status, const std::string& body);
/// Sets an Atlassian-style JSON error body {"message":..,"status-code":..}.
void reply_error(httplib::Response& res, int status, const std::string& message);

}  // namespace ssosnap::emulator
