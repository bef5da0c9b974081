#pragma once
// Settings of the Kantega emulator (ksso-emulator): what application it pretends to be,
// who may log in, where its data lives, and which faults it injects for tests.

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::emulator
{

/// A login. Passwords live only in memory and, hashed, in the state file.
struct UserSpec {
    std::string name;
    std::string password;
    bool admin = false;  ///< system administrator: may use the snapshot endpoints
};

/// The emulated endpoints, for fault plans and the request log.
enum class Endpoint {
    ping,
    list,
    create,
    restore,
    download,
    upload,
    remove,
    tokens_list,
    tokens_create,
    tokens_revoke,
    unknown,
};

/// Returns "ping", "list", "create", "restore", "download", "upload", "delete",
/// "tokens-list", "tokens-create", "tokens-revoke" or "unknown".
const char* endpoint_name(Endpoint endpoint);

/// What an injected fault does: answer 500, 503 or 429 (with Retry-After: 1), close the
/// connection in the middle of the answer (drop), or answer late (slow).
enum class FaultKind { http500, http503, http429, drop, slow };

/// Returns "500", "503", "429", "drop" or "slow".
const char* fault_kind_name(FaultKind kind);

/// Parses "500", "503", "429", "drop" or "slow".
std::optional<FaultKind> parse_fault_kind(std::string_view text);

/// A deterministic fault: requests number `first`..`last` (1-based, counted per endpoint
/// since start) to `endpoint` get `kind`. `any` matches every endpoint.
struct PlannedFault {
    std::optional<Endpoint> endpoint;  ///< nullopt = any endpoint
    int first = 1;
    int last = 1;
    FaultKind kind = FaultKind::http500;
};

/// Parses a fault plan: comma-separated "ENDPOINT:N:KIND" or "ENDPOINT:N-M:KIND", e.g.
/// "list:1-2:500,create:1:500,download:1:drop". Fails with Errc::usage.
core::Result<std::vector<PlannedFault>> parse_fault_plan(std::string_view text);

/// Parses "500,drop,slow". Fails with Errc::usage.
core::Result<std::vector<FaultKind>> parse_fault_kinds(std::string_view text);

/// Parses "NAME:PASSWORD[:admin]". Fails with Errc::usage (the message never repeats the
/// password).
core::Result<UserSpec> parse_user_spec(std::string_view text);

/// Reads a users file: one "NAME:PASSWORD[:admin]" per line; blank lines and lines starting
/// with '#' are skipped. Fails with Errc::input or Errc::usage naming the line.
core::Result<std::vector<UserSpec>> read_users_file(const std::filesystem::path& path);

struct FaultOptions {
    double rate = 0;  ///< probability of a random fault per request (0..1)
    std::vector<FaultKind> kinds = {FaultKind::http500};  ///< drawn from for random faults
    std::vector<PlannedFault> plan;
    std::uint64_t seed = 1;           ///< for the random faults, so a run can be repeated
    std::int64_t slow_millis = 3000;  ///< delay of a "slow" fault
};

struct EmulatorOptions {
    std::filesystem::path data_dir;  ///< kerberos/, kerberos_snapshots/, state file
    std::string bind_address = "127.0.0.1";
    int port = 0;  ///< 0: any free port (see Emulator::port())
    std::string app_name = "JIRA";
    std::string app_version = "9.12.2";
    std::string plugin_version = "6.3.0";
    std::string base_url = "https://jira.example.test";  ///< what snapshots record
    std::optional<std::string> tz;   ///< IANA zone for server-local times; nullopt: system's
    std::vector<UserSpec> users;     ///< merged into the state file's users
    std::filesystem::path tls_cert;  ///< both set: serve HTTPS
    std::filesystem::path tls_key;
    bool transfer = true;  ///< false (--no-transfer): upload, download, delete answer 404
    FaultOptions faults;
    std::filesystem::path request_log;  ///< one JSON line per request; empty: none
    /// Current time, epoch ms UTC; injectable for tests. Null: the system clock.
    std::function<std::int64_t()> now;
};

}  // namespace ssosnap::emulator
