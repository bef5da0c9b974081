#pragma once
// The connection options every command that talks to a server shares (remote, tokens,
// backup, restore): where the server is, how to authenticate, TLS, timeouts, retries and
// the path overrides for the endpoints this project had to assume. No flag takes a secret:
// tokens come from a file, stdin or SSOSNAP_TOKEN; passwords from stdin or SSOSNAP_PASSWORD.
//
// Use in a command:
//   auto conn = std::make_shared<ConnectionFlags>();
//   add_connection_options(*cmd, *conn);
//   ... in the callback:
//   auto session = open_session(ctx, *conn);
//   if (!session) return report_error(ctx, session.error());
//   auto list = (*session)->client().list_snapshots();

#include "cli/context.hpp"
#include "cli/profile.hpp"
#include "core/result.hpp"
#include "rest/client.hpp"
#include "rest/curl_transport.hpp"
#include "rest/retry.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct ConnectionFlags {
    std::string profile;  ///< --profile NAME, else SSOSNAP_PROFILE; empty: none
    std::string config;   ///< --config FILE; empty: the default config path
    /// The root command, where --profile and --config may also be given before the
    /// subcommand ("ssosnap --profile prod remote list"); null in unit tests.
    const CLI::App* root = nullptr;
    std::string url;              ///< --url, else SSOSNAP_URL
    std::string user;             ///< --user, else SSOSNAP_USER
    std::string token_file;       ///< --token-file FILE
    bool token_stdin = false;     ///< --token-stdin: first line of stdin
    bool password_stdin = false;  ///< --password-stdin: first line of stdin
    std::string auth;             ///< --auth basic|ksso-token|bearer; empty: chosen
    std::string cacert;           ///< --cacert FILE
    bool insecure = false;        ///< --insecure
    double connect_timeout = 10;  // seconds
    double timeout = 600;         // seconds, whole transfer
    int retries = 3;              ///< extra attempts for idempotent requests
    std::uint64_t max_download_size = std::uint64_t{4} << 30;  ///< --max-download-size, bytes
    rest::ApiPaths paths;  ///< --*-api-version, --*-path overrides
};

/// Adds the connection options (help group "Connection") to `command`; values land in
/// `flags`, which must outlive the parse. Also adds --profile and --config to the root
/// command (once), so they work before the subcommand too.
void add_connection_options(CLI::App& command, ConnectionFlags& flags);

/// Where a resolved connection's profile and secret came from, so a command can print a
/// command to run later with the same settings (restore's rollback). Never a secret.
struct ConnectionOrigin {
    std::string profile;  ///< the profile in use; empty: none
    std::string config;   ///< --config FILE as given; empty: the default
    /// Where the secret came from: "--token-file", "--token-stdin", "--password-stdin",
    /// "SSOSNAP_TOKEN", "SSOSNAP_PASSWORD" or "profile".
    std::string secret_source;
    std::filesystem::path token_file;  ///< --token-file's file, absolute
};

/// Everything needed to build a client, resolved from flags, environment and stdin.
struct ResolvedConnection {
    rest::ClientConfig client;
    rest::CurlOptions curl;
    rest::RetryPolicy retry;
    ConnectionOrigin origin;
    /// The profile the settings came from (nullopt: none), for its other keys: the age keys
    /// (age_flags.hpp, age_options()).
    std::optional<Profile> profile;
};

/// Resolves `flags` with ctx.env (SSOSNAP_URL, SSOSNAP_USER, SSOSNAP_TOKEN,
/// SSOSNAP_PASSWORD, SSOSNAP_PROFILE), the profile from the config file (docs/cli.md,
/// "Configuration file and profiles") and ctx.in. Precedence: flag > environment >
/// profile. Default scheme: basic when a user is given, ksso-token when only a token is.
/// Fails with Errc::usage (missing URL or credentials, conflicting sources, bad paths, an
/// unknown profile, a malformed config) or Errc::input (unreadable token or config file).
/// Warns on --insecure, on secret files or a config file pointing at them that others can
/// read, and on credentials sent over plain http to another host or through a proxy named by
/// the environment (http_proxy, HTTP_PROXY, all_proxy, ALL_PROXY; no_proxy, NO_PROXY).
core::Result<ResolvedConnection> resolve_connection(Context& ctx, const ConnectionFlags& flags);

/// A connected client: curl transport, retrying decorator (retries are announced on
/// ctx.err), and the typed client on top.
class RemoteSession
{
public:
    explicit RemoteSession(Context& ctx, ResolvedConnection resolved);
    rest::KantegaClient& client() { return m_client; }
    const ResolvedConnection& resolved() const { return m_resolved; }

private:
    ResolvedConnection m_resolved;
    rest::CurlTransport m_curl;
    rest::RetryingTransport m_retrying;
    rest::KantegaClient m_client;
};

/// resolve_connection(), then a session.
core::Result<std::unique_ptr<RemoteSession>> open_session(Context& ctx,
                                                          const ConnectionFlags& flags);

}  // namespace ssosnap::cli
