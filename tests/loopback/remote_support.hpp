#pragma once
// Loopback test support for the remote and tokens commands: a real emulator (in-process,
// on 127.0.0.1 port 0) and the real CLI (ssosnap::cli::run in-process), talking over real
// HTTP through libcurl. Every output of every run is kept, and TearDown asserts that no
// password or token value appears in any of them.

#include "cli/app.hpp"
#include "emulator/server.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ssosnap::loopback
{

namespace fs = std::filesystem;

inline constexpr const char* k_admin_password = "Adm1n-loopback-pw-7Q";
inline constexpr const char* k_alice_password = "Al1ce-loopback-pw-9Z";

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// A fresh folder under the system's temporary folder, removed at destruction.
class TempDir
{
public:
    TempDir()
    {
        std::string tmpl = (fs::temp_directory_path() / "ssosnap-loopback-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

inline std::string read_text(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_text(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

class RemoteLoopbackTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        for (const char* v : {"SSOSNAP_URL", "SSOSNAP_USER", "SSOSNAP_TOKEN", "SSOSNAP_PASSWORD",
                              "SSOSNAP_PROFILE"})
            ::unsetenv(v);
        // No test may read the real user's ~/.config/ssosnap/config.
        ::setenv("HOME", (m_tmp.path() / "home").c_str(), 1);
        ::setenv("XDG_CONFIG_HOME", (m_tmp.path() / "home" / ".config").c_str(), 1);
        m_secrets = {k_admin_password, k_alice_password};
    }

    void TearDown() override
    {
        for (const auto& secret : m_secrets) {
            for (const auto& text : m_outputs) {
                EXPECT_EQ(text.find(secret), std::string::npos)
                    << "a secret leaked into the output:\n"
                    << text;
            }
        }
        m_emulator.reset();  // stop serving before the data folder goes
    }

    /// Emulator options: admin (administrator) and alice (not), UTC, a small live config,
    /// a request log.
    emulator::EmulatorOptions default_options(const fs::path& data)
    {
        emulator::EmulatorOptions o;
        o.data_dir = data;
        o.tz = "UTC";
        o.users = {{"admin", k_admin_password, true}, {"alice", k_alice_password, false}};
        o.request_log = data / "requests.log";
        write_text(data / "kerberos" / "saml-idp.xml", "<idp name=\"loopback\"/>\n");
        return o;
    }

    /// Starts the emulator with default_options() changed by `adjust`.
    void start(const std::function<void(emulator::EmulatorOptions&)>& adjust = {})
    {
        auto o = default_options(m_tmp.path() / "server");
        if (adjust) adjust(o);
        m_log = o.request_log;
        auto e = emulator::Emulator::start(std::move(o));
        ASSERT_TRUE(e.has_value()) << e.error().message;
        m_emulator = std::move(*e);
    }

    std::string url() const { return m_emulator->url(); }
    const fs::path& tmp() const { return m_tmp.path(); }

    /// Runs ssosnap in-process; the outputs are kept for the secret check.
    RunResult run(const std::vector<std::string>& args, const std::string& stdin_text = "")
    {
        std::istringstream in(stdin_text);
        std::ostringstream out;
        std::ostringstream err;
        RunResult r;
        r.status = cli::run(args, in, out, err);
        r.out = out.str();
        r.err = err.str();
        m_outputs.push_back(r.out);
        m_outputs.push_back(r.err);
        return r;
    }

    /// `args` + --url + basic authentication as admin with the password on stdin.
    RunResult run_admin(std::vector<std::string> args)
    {
        return run_admin_at(url(), std::move(args));
    }

    /// run_admin() against `server` instead of the emulator's own URL (another scheme or port).
    RunResult run_admin_at(const std::string& server, std::vector<std::string> args)
    {
        args.insert(args.end(), {"--url", server, "--user", "admin", "--password-stdin"});
        return run(args, std::string(k_admin_password) + "\n");
    }

    /// Creates an API token for `user` (password on stdin) saved to a 0600 file; returns the
    /// file. The value is registered as a secret.
    fs::path make_token(const std::string& user = "admin", const std::string& name = "loopback")
    {
        auto file = m_tmp.path() / ("token-" + user + "-" + std::to_string(++m_tokens));
        auto r = run({"tokens", "create", "--name", name, "--save", file.string(), "--url", url(),
                      "--user", user, "--password-stdin"},
                     std::string(user == "admin" ? k_admin_password : k_alice_password) + "\n");
        EXPECT_EQ(r.status, 0) << r.err;
        auto value = read_text(file);
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
            value.pop_back();
        EXPECT_EQ(value.size(), 128u);
        m_secrets.push_back(value);
        return file;
    }

    /// The request log, one JSON object per request.
    std::vector<nlohmann::json> requests() const
    {
        std::vector<nlohmann::json> out;
        std::istringstream in(read_text(m_log));
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) out.push_back(nlohmann::json::parse(line));
        }
        return out;
    }

    /// How many logged requests went to `endpoint` (emulator::endpoint_name spelling).
    int count_requests(const std::string& endpoint) const
    {
        int n = 0;
        for (const auto& r : requests())
            n += r.value("endpoint", "") == endpoint ? 1 : 0;
        return n;
    }

    void add_secret(std::string s) { m_secrets.push_back(std::move(s)); }
    /// Adds a text the command wrote elsewhere (a report page) to TearDown's secret check.
    void add_output(std::string text) { m_outputs.push_back(std::move(text)); }

    std::unique_ptr<emulator::Emulator> m_emulator;

private:
    TempDir m_tmp;
    fs::path m_log;
    int m_tokens = 0;
    std::vector<std::string> m_secrets;
    std::vector<std::string> m_outputs;
};

}  // namespace ssosnap::loopback
