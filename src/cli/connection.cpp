#include "cli/connection.hpp"

#include "cli/output.hpp"
#include "cli/profile.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"
#include "rest/url.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <istream>
#include <sys/stat.h>

namespace ssosnap::cli
{
namespace
{

constexpr const char* k_group = "Connection";

core::Unexpected usage(const std::string& message)
{
    return core::fail(core::Errc::usage, message, "usage");
}

std::optional<std::string> env_value(const Context& ctx, const char* name)
{
    if (!ctx.env) return std::nullopt;
    auto v = ctx.env(name);
    if (!v) return std::nullopt;
    // `export SSOSNAP_TOKEN="$(cat file)"` keeps no newline, but a value read another way
    // may: surrounding white space is never part of a URL, user, token or profile name.
    std::string value(core::trim(*v));
    if (value.empty()) return std::nullopt;
    return value;
}

/// Whether read_secret_file() checks the file's mode itself (a profile's files are checked
/// by permission_warnings()).
enum class CheckMode { yes, no };

// Reads a one-line secret file; `what` names its source ("--token-file", "profile 'prod'
// token-file") in messages, which never contain the secret.
core::Result<std::string> read_secret_file(Context& ctx, const std::string& what,
                                           const std::string& path,
                                           CheckMode check = CheckMode::yes)
{
    auto text = core::read_file(path, std::uint64_t{64} * 1024);
    if (!text) return core::fail(text.error().with_context("reading " + what));
    std::string token(core::trim(*text));
    if (token.empty()) return usage(what + " " + core::quote(path) + " is empty");
    if (token.find_first_of("\r\n") != std::string::npos)
        return usage(what + " " + core::quote(path) + " must hold one line: the secret");
    struct stat st {
    };
    if (check == CheckMode::yes && ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        warn(ctx, "token file " + core::quote(path) +
                      " can be read by other users; run chmod 600 on it");
    }
    return token;
}

core::Result<std::string> read_stdin_line(Context& ctx, const char* flag)
{
    std::string line;
    std::getline(ctx.in, line);
    std::string secret(core::trim(line));
    if (secret.empty()) return usage(std::string(flag) + ": nothing on stdin");
    return secret;
}

// The value of `name` (--profile, --config) given before the subcommand; "" when absent.
std::string root_value(const ConnectionFlags& f, const char* name)
{
    if (f.root == nullptr) return {};
    const CLI::Option* o = f.root->get_option_no_throw(name);
    if (o == nullptr || o->count() == 0) return {};
    return o->as<std::string>();
}

std::string profile_names(const ProfileConfig& config)
{
    std::string names;
    for (const auto& p : config.profiles)
        names += (names.empty() ? "" : ", ") + p.name;
    return names.empty() ? "it defines none" : "it defines " + names;
}

// The profile named by --profile (after or before the subcommand) or SSOSNAP_PROFILE, read
// from --config FILE or the default config file; nullopt when none is named.
core::Result<std::optional<Profile>> resolve_profile(Context& ctx, const ConnectionFlags& f)
{
    std::string name = f.profile.empty() ? root_value(f, "--profile") : f.profile;
    if (name.empty()) name = env_value(ctx, "SSOSNAP_PROFILE").value_or("");
    const std::string config = f.config.empty() ? root_value(f, "--config") : f.config;
    if (name.empty()) {
        if (!config.empty())
            return usage("--config FILE needs a profile: give --profile NAME or SSOSNAP_PROFILE");
        return std::optional<Profile>();
    }
    const auto path = config_path(ctx.env, config);
    if (path.empty()) {
        return usage("profile " + core::quote(name) +
                     ": no config file (HOME and XDG_CONFIG_HOME are unset): give --config FILE");
    }
    auto loaded = load_profiles(path, true);
    if (!loaded) return core::fail(loaded.error().with_context("profile " + core::quote(name)));
    for (const auto& w : permission_warnings(*loaded))
        warn(ctx, w);
    const Profile* p = find_profile(*loaded, name);
    if (p == nullptr) {
        return usage("no profile " + core::quote(name) + " in " + core::quote(path.string()) +
                     " (" + profile_names(*loaded) + ")");
    }
    return std::optional<Profile>(*p);
}

// The profile's secret file, if it names one: (secret, is_password).
core::Result<std::optional<std::pair<std::string, bool>>> profile_secret(Context& ctx,
                                                                         const Profile& p)
{
    using Found = std::optional<std::pair<std::string, bool>>;
    const std::string what = "profile " + core::quote(p.name);
    if (!p.token_file.empty()) {
        auto t = read_secret_file(ctx, what + " token-file", p.token_file, CheckMode::no);
        if (!t) return core::fail(t.error());
        return Found(std::make_pair(*t, false));
    }
    if (!p.password_file.empty()) {
        auto t = read_secret_file(ctx, what + " password-file", p.password_file, CheckMode::no);
        if (!t) return core::fail(t.error());
        return Found(std::make_pair(*t, true));
    }
    return Found();
}

// Picks the secret and says whether it is a password: flags, then the environment, then
// the profile.
core::Result<std::pair<std::string, bool>> resolve_secret(Context& ctx, const ConnectionFlags& f,
                                                          const Profile* profile)
{
    int sources =
        (f.token_file.empty() ? 0 : 1) + (f.token_stdin ? 1 : 0) + (f.password_stdin ? 1 : 0);
    if (sources > 1) {
        return usage("give one of --token-file, --token-stdin and --password-stdin");
    }
    if (!f.token_file.empty()) {
        auto t = read_secret_file(ctx, "--token-file", f.token_file);
        if (!t) return core::fail(t.error());
        return std::make_pair(*t, false);
    }
    if (f.token_stdin || f.password_stdin) {
        auto s = read_stdin_line(ctx, f.token_stdin ? "--token-stdin" : "--password-stdin");
        if (!s) return core::fail(s.error());
        return std::make_pair(*s, f.password_stdin);
    }
    if (auto t = env_value(ctx, "SSOSNAP_TOKEN")) return std::make_pair(*t, false);
    if (auto p = env_value(ctx, "SSOSNAP_PASSWORD")) return std::make_pair(*p, true);
    if (profile != nullptr) {
        auto found = profile_secret(ctx, *profile);
        if (!found) return core::fail(found.error());
        if (*found) return **found;
    }
    return usage("no credentials: give --token-file FILE, --token-stdin or SSOSNAP_TOKEN (a "
                 "Kantega API token; with --user NAME for basic authentication), or "
                 "--password-stdin / SSOSNAP_PASSWORD with --user");
}

// Where resolve_secret() found the secret: the same order, told without reading it again.
ConnectionOrigin origin_of(Context& ctx, const ConnectionFlags& f, const Profile* profile)
{
    ConnectionOrigin o;
    o.profile = profile != nullptr ? profile->name : std::string();
    o.config = f.config.empty() ? root_value(f, "--config") : f.config;
    std::error_code ec;
    if (!f.token_file.empty()) {
        o.secret_source = "--token-file";
        o.token_file = std::filesystem::absolute(f.token_file, ec);
        if (ec) o.token_file = f.token_file;
    } else if (f.token_stdin) {
        o.secret_source = "--token-stdin";
    } else if (f.password_stdin) {
        o.secret_source = "--password-stdin";
    } else if (env_value(ctx, "SSOSNAP_TOKEN")) {
        o.secret_source = "SSOSNAP_TOKEN";
    } else if (env_value(ctx, "SSOSNAP_PASSWORD")) {
        o.secret_source = "SSOSNAP_PASSWORD";
    } else {
        o.secret_source = "profile";
    }
    return o;
}

core::Result<rest::Credentials> resolve_credentials(Context& ctx, const ConnectionFlags& f,
                                                    const Profile* profile)
{
    rest::Credentials c;
    c.user = f.user.empty() ? env_value(ctx, "SSOSNAP_USER").value_or("") : f.user;
    if (c.user.empty() && profile != nullptr) c.user = profile->user;
    auto secret = resolve_secret(ctx, f, profile);
    if (!secret) return core::fail(secret.error());
    c.secret = secret->first;
    c.is_password = secret->second;
    const std::string auth = f.auth.empty() && profile != nullptr ? profile->auth : f.auth;
    if (auth.empty()) {
        c.scheme = c.user.empty() ? rest::AuthScheme::ksso_token : rest::AuthScheme::basic;
    } else {
        auto scheme = rest::parse_auth_scheme(auth);
        if (!scheme)
            return usage("auth must be basic, ksso-token or bearer, not " + core::quote(auth));
        c.scheme = *scheme;
    }
    if (c.scheme == rest::AuthScheme::basic && c.user.empty())
        return usage("basic authentication needs a user: give --user NAME or SSOSNAP_USER");
    if (c.scheme != rest::AuthScheme::basic && c.is_password) {
        return usage(std::string("--auth ") + rest::auth_scheme_name(c.scheme) +
                     " sends an API token, not a password: use --token-file, --token-stdin "
                     "or SSOSNAP_TOKEN");
    }
    return c;
}

std::chrono::milliseconds to_ms(double seconds)
{
    return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

// The proxy the environment names for a plain-http request to `url` ("http_proxy=..."), as
// curl picks it: http_proxy, then all_proxy/ALL_PROXY, unless no_proxy/NO_PROXY exempts the
// host. HTTP_PROXY is counted too although curl ignores it for http (a warning too many is
// cheaper than a token sent through a proxy unannounced).
std::optional<std::string> http_proxy_for(const Context& ctx, const std::string& url)
{
    auto origin = rest::parse_origin(url);
    if (!origin) return std::nullopt;
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
        if (auto v = env_value(ctx, name)) {
            if (rest::no_proxy_matches(*v, origin->host)) return std::nullopt;
            break;
        }
    }
    for (const char* name : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
        if (auto v = env_value(ctx, name)) return std::string(name) + "=" + rest::redact_url(*v);
    }
    return std::nullopt;
}

// Credentials over plain http are readable on the way: warn unless they stay on this machine
// (a loopback address reached without a proxy).
void plain_http_warning(Context& ctx, const std::string& base_url)
{
    if (base_url.rfind("http://", 0) != 0) return;
    if (auto proxy = http_proxy_for(ctx, base_url)) {
        warn(ctx, "sending credentials over plain http to " + rest::redact_url(base_url) +
                      " through the proxy " + core::quote(*proxy) +
                      " of the environment; use https, or exempt the host with no_proxy");
    } else if (!rest::is_loopback_url(base_url)) {
        warn(ctx, "sending credentials over plain http to " + rest::redact_url(base_url) +
                      "; use https");
    }
}

}  // namespace

void add_connection_options(CLI::App& cmd, ConnectionFlags& f)
{
    CLI::App* root = &cmd;
    while (root->get_parent() != nullptr)
        root = root->get_parent();
    f.root = root;
    constexpr const char* k_profile_help =
        "Use the connection settings of profile NAME from the config file (default: "
        "$SSOSNAP_PROFILE); flags and environment variables override them";
    constexpr const char* k_config_help =
        "Config file holding the profiles (default: $XDG_CONFIG_HOME/ssosnap/config or "
        "~/.config/ssosnap/config)";
    if (root != &cmd && root->get_option_no_throw("--profile") == nullptr) {
        root->add_option("--profile", k_profile_help)->type_name("NAME")->group(k_group);
        root->add_option("--config", k_config_help)->type_name("FILE")->group(k_group);
    }
    // Hidden flags that only refuse: a secret typed as a flag's value would otherwise be
    // echoed by the "argument was not expected" error into terminals and logs.
    for (const auto& [flag, instead] :
         {std::pair{"--password", "--password-stdin or SSOSNAP_PASSWORD"},
          std::pair{"--token", "--token-file FILE, --token-stdin "
                               "or SSOSNAP_TOKEN"}}) {
        const std::string message =
            std::string(flag) +
            " is refused: no flag takes a secret (it would show in the process list); use " +
            instead;
        cmd.add_option(flag)
            ->description("Refused: " + message)
            ->check([message](const std::string&) { return std::string(message); }, "", "")
            ->group("");
    }
    cmd.add_option("--profile", f.profile, k_profile_help)->type_name("NAME")->group(k_group);
    cmd.add_option("--config", f.config, k_config_help)->type_name("FILE")->group(k_group);
    cmd.add_option("--url", f.url,
                   "Base URL of the Jira/Confluence/... server, e.g. "
                   "https://jira.example.test/jira (default: $SSOSNAP_URL)")
        ->type_name("URL")
        ->group(k_group);
    cmd.add_option("--user", f.user, "User name for basic authentication (default: $SSOSNAP_USER)")
        ->type_name("NAME")
        ->group(k_group);
    cmd.add_option("--token-file", f.token_file,
                   "Read the API token from FILE (one line; keep it chmod 600). Without a token "
                   "flag, $SSOSNAP_TOKEN is used")
        ->type_name("FILE")
        ->group(k_group);
    cmd.add_flag("--token-stdin", f.token_stdin, "Read the API token from the first line of stdin")
        ->group(k_group);
    cmd.add_flag("--password-stdin", f.password_stdin,
                 "Read a password (instead of a token) from stdin; also $SSOSNAP_PASSWORD")
        ->group(k_group);
    cmd.add_option("--auth", f.auth,
                   "basic (documented; default with --user), ksso-token (default without a "
                   "user) or bearer")
        ->type_name("basic|ksso-token|bearer")
        ->check(CLI::IsMember({"basic", "ksso-token", "bearer"}).description(""))
        ->group(k_group);
    cmd.add_option("--cacert", f.cacert, "Trust the CA certificates in this PEM file")
        ->type_name("FILE")
        ->check(CLI::Validator(CLI::ExistingFile).description(""))
        ->group(k_group);
    cmd.add_flag("--insecure", f.insecure, "Do not verify the server's TLS certificate (warns)")
        ->group(k_group);
    cmd.add_option("--connect-timeout", f.connect_timeout, "Seconds to wait for a connection")
        ->type_name("SECONDS")
        ->check(CLI::Validator(CLI::PositiveNumber).description(""))
        ->capture_default_str()
        ->group(k_group);
    cmd.add_option("--timeout", f.timeout, "Seconds a whole request may take")
        ->type_name("SECONDS")
        ->check(CLI::Validator(CLI::PositiveNumber).description(""))
        ->capture_default_str()
        ->group(k_group);
    cmd.add_option("--retries", f.retries,
                   "Retries of GET requests after connection errors, 5xx and 429 (POST and "
                   "DELETE are never retried), 0 to 10")
        ->type_name("N")
        ->check(CLI::Range(0, 10).description(""))
        ->capture_default_str()
        ->group(k_group);
    cmd.add_option("--max-download-size", f.max_download_size,
                   "Refuse a snapshot download larger than this many bytes (suffixes K, M, G)")
        ->type_name("SIZE")
        ->transform(CLI::AsSizeValue(false).description(""))
        ->default_str("4G")
        ->group(k_group);
    const char* paths = "Endpoint paths";
    cmd.add_option("--snapshot-api-version", f.paths.snapshot_version,
                   "Version segment of the snapshot API")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--tokens-api-version", f.paths.tokens_version,
                   "Version segment of the API token API")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--info-api-version", f.paths.info_version, "Version segment of ping")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--download-path", f.paths.download,
                   "Assumed download path ({version}, {id} replaced)")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--upload-path", f.paths.upload, "Assumed upload path")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--delete-path", f.paths.remove, "Assumed snapshot delete path")
        ->capture_default_str()
        ->group(paths);
    cmd.add_option("--token-revoke-path", f.paths.token_revoke, "Assumed token revoke path")
        ->capture_default_str()
        ->group(paths);
}

core::Result<ResolvedConnection> resolve_connection(Context& ctx, const ConnectionFlags& f)
{
    ResolvedConnection r;
    auto profile = resolve_profile(ctx, f);
    if (!profile) return core::fail(profile.error());
    const Profile* p = *profile ? &**profile : nullptr;
    std::string url = f.url.empty() ? env_value(ctx, "SSOSNAP_URL").value_or("") : f.url;
    if (url.empty() && p != nullptr) url = p->url;
    if (url.empty()) {
        return usage(p != nullptr ? "profile " + core::quote(p->name) +
                                        " has no url: add url = ... or give --url URL"
                                  : std::string("no server: give --url URL, set SSOSNAP_URL or "
                                                "use --profile NAME"));
    }
    auto base = rest::normalize_base_url(url);
    if (!base) return core::fail(base.error());
    r.client.base_url = *base;
    SSOSNAP_TRY(rest::validate_paths(f.paths));
    r.client.paths = f.paths;
    r.client.max_download_bytes = f.max_download_size;
    auto creds = resolve_credentials(ctx, f, p);
    if (!creds) return core::fail(creds.error());
    r.client.credentials = std::move(*creds);
    r.origin = origin_of(ctx, f, p);
    r.curl.ca_file = f.cacert.empty() && p != nullptr ? p->cacert : f.cacert;
    std::error_code ec;
    if (f.cacert.empty() && p != nullptr && !p->cacert.empty() &&
        !std::filesystem::is_regular_file(p->cacert, ec)) {
        return core::fail(core::Errc::input, "profile " + core::quote(p->name) + ": cacert " +
                                                 core::quote(p->cacert) + " is not a file");
    }
    r.curl.insecure = f.insecure;
    r.curl.connect_timeout = to_ms(f.connect_timeout);
    r.curl.total_timeout = to_ms(f.timeout);
    r.curl.user_agent = "ssosnap/" SSOSNAP_VERSION;
    r.retry.max_attempts = f.retries + 1;
    if (f.insecure) {
        warn(ctx, "--insecure: the server's TLS certificate is not verified; anyone on the "
                  "network path could read the credentials and the snapshots");
    }
    plain_http_warning(ctx, r.client.base_url);
    r.profile = std::move(*profile);
    return r;
}

RemoteSession::RemoteSession(Context& ctx, ResolvedConnection resolved)
    : m_resolved(std::move(resolved)), m_curl(m_resolved.curl),
      m_retrying(m_curl, m_resolved.retry, {},
                 [&ctx, max = m_resolved.retry.max_attempts](
                     int next, std::chrono::milliseconds delay, const std::string& why) {
                     end_progress_line(ctx);
                     ctx.err << "ssosnap: " << why << "; retrying in " << delay.count()
                             << " ms (attempt " << next << " of " << max << ")\n";
                 }),
      m_client(m_retrying, m_resolved.client)
{
}

core::Result<std::unique_ptr<RemoteSession>> open_session(Context& ctx, const ConnectionFlags& f)
{
    auto resolved = resolve_connection(ctx, f);
    if (!resolved) return core::fail(resolved.error());
    return std::make_unique<RemoteSession>(ctx, std::move(*resolved));
}

}  // namespace ssosnap::cli
