#pragma once
// The fixture of the hostile-server tests: a HostileServer that by default answers like a
// well-behaved Kantega server (ping, create, a list naming what was created, a download of a
// real archive), which each test then makes hostile; the CLI in-process with a token whose
// value needs escaping in every encoding; and a picture of the whole temporary tree, so a
// test can prove that nothing was written outside the target folder.

#include "core/fingerprint.hpp"
#include "hostile_server.hpp"
#include "remote_support.hpp"

#include <cstdlib>
#include <set>

namespace ssosnap::loopback
{

/// The token: '/', '+', ' ', '"', '\' and a non-ASCII letter make every encoding differ.
inline const std::string k_hostile_secret = std::string(R"(Hx/T0k+en "q\e~)") + "\xC3\xA9" + "zZ9";

/// The forms a server may echo it in, written out independently of the code under test.
inline const std::vector<std::string> k_secret_forms = {
    k_hostile_secret,
    "YWRtaW46SHgvVDBrK2VuICJxXGV+w6l6Wjk=",  // base64("admin:" + secret): "Basic ..."
    "SHgvVDBrK2VuICJxXGV+w6l6Wjk=",          // base64(secret)
    "Hx%2FT0k%2Ben%20%22q%5Ce~%C3%A9zZ9",    // percent-encoded
    "Hx%2fT0k%2ben%20%22q%5ce~%c3%a9zZ9",    // percent-encoded, lower-case hex
    R"(Hx/T0k+en \"q\\e~\u00e9zZ9)",         // JSON, \u escape
    R"(Hx/T0k+en \"q\\e~\u00E9zZ9)",         // JSON, upper-case \u escape
    R"(Hx\/T0k+en \"q\\e~\u00e9zZ9)",        // JSON, escaped slash
    std::string(R"(Hx/T0k+en \"q\\e~)") + "\xC3\xA9" + "zZ9",  // JSON, UTF-8 kept
};

inline constexpr const char* k_snapshots = "/rest/ksso/api/snapshot/1.0/config/snapshot/";
inline constexpr const char* k_ping = "/rest/ksso/api/info/1.0/ping";
inline constexpr const char* k_tokens = "/rest/ksso/api/apitokens/3.0/user/tokens";
inline constexpr const char* k_good_id = "sso-snapshot-2022-01-04-13_17_04";

/// Percent-decodes a query value ("+" is a space).
inline std::string percent_decode(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

/// One record of the list, with `id` and `filename` as given (JSON-escaped here).
inline std::string list_record(const std::string& id, const std::string& filename,
                               const std::string& description)
{
    nlohmann::json j = {{"applicationName", "JIRA"},
                        {"applicationVersion", "8.16.1"},
                        {"pluginVersion", "5.2.1"},
                        {"baseUrl", "https://jira.example.test"},
                        {"timeMillis", 1641298623998},
                        {"description", description},
                        {"filename", filename},
                        {"id", id},
                        {"readable", true}};
    return j.dump();
}

class HostileServerTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        add_secret(k_hostile_secret);
        m_token = tmp() / "token";
        write_text(m_token, k_hostile_secret + "\n");
        fs::permissions(m_token, fs::perms::owner_read | fs::perms::owner_write);
        // The user's fingerprint key exists already, as on any machine that ran ssosnap once:
        // commands that redact (restore's plan) would otherwise create it, and the trees the
        // tests compare would show that expected write as one outside the target.
        auto key = core::load_or_create_fingerprint_key(core::fingerprint_key_path(
            (tmp() / "home" / ".config").string(), (tmp() / "home").string()));
        ASSERT_TRUE(key.has_value());
        if (const char* t = std::getenv("TMPDIR")) m_old_tmpdir = t;
        m_server = std::make_unique<HostileServer>();
        behave();
    }

    void TearDown() override
    {
        if (m_old_tmpdir) {
            ::setenv("TMPDIR", m_old_tmpdir->c_str(), 1);
        } else {
            ::unsetenv("TMPDIR");
        }
        for (const auto& text : m_all_output) {
            for (const auto& form : k_secret_forms)
                EXPECT_EQ(text.find(form), std::string::npos) << "leaked " << form << ":\n" << text;
            EXPECT_EQ(text.find('\x1b'), std::string::npos) << "a raw escape reached:\n" << text;
        }
        RemoteLoopbackTest::TearDown();
        m_server.reset();
    }

    /// Well-behaved answers: ping; create remembers the description; the list names one
    /// snapshot per description with `m_id` (default: a good one); the download sends a real
    /// archive.
    void behave()
    {
        auto& s = *m_server;
        s.on("GET", k_ping, [](const HostileRequest&) {
            return HostileResponse::json(read_text(k_ping_fixture()));
        });
        s.on("POST", k_snapshots, [this](const HostileRequest& rq) {
            auto at = rq.target.find("description=");
            std::lock_guard lock(m_mutex);
            if (at != std::string::npos)
                m_descriptions.push_back(percent_decode(rq.target.substr(at + 12)));
            return HostileResponse::json("{}");
        });
        s.on("GET", k_snapshots, [this](const HostileRequest& rq) {
            // list (exact path) or a download (.../ID/download)
            const auto path = rq.target.substr(0, rq.target.find('?'));
            if (path.size() > 9 && path.compare(path.size() - 9, 9, "/download") == 0) {
                HostileResponse r;
                r.headers = {{"Content-Type", "application/zip"}};
                r.body = read_text(k_archive_fixture());
                return r;
            }
            std::lock_guard lock(m_mutex);
            std::string body = "[" + list_record(k_good_id, std::string(k_good_id) + ".zip", "x");
            for (const auto& d : m_descriptions)
                body += "," + list_record(m_id, m_filename.empty() ? m_id + ".zip" : m_filename, d);
            return HostileResponse::json(body + "]");
        });
        s.on("GET", k_tokens, [](const HostileRequest&) { return HostileResponse::json("[]"); });
    }

    static fs::path k_ping_fixture()
    {
        return fs::path(SSOSNAP_FIXTURES_DIR) / "api" / "ping.json";
    }
    static fs::path k_archive_fixture()
    {
        return fs::path(SSOSNAP_FIXTURES_DIR) / "jira" / (std::string(k_good_id) + ".zip");
    }

    /// `args` + the hostile server's URL, basic authentication with the token, no retries.
    RunResult run_hostile(std::vector<std::string> args)
    {
        args.insert(args.end(), {"--url", m_server->url(), "--user", "admin", "--token-file",
                                 m_token.string(), "--retries", "0", "--timeout", "60"});
        auto r = run(args);
        m_all_output.push_back(r.out);
        m_all_output.push_back(r.err);
        return r;
    }

    /// Every path below tmp() (folders and files), for "nothing written outside" checks.
    std::set<std::string> tree() const
    {
        std::set<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(tmp()))
            out.insert(fs::relative(e.path(), tmp()).generic_string());
        return out;
    }

    /// The paths in `after` that are not in `before` and not below one of `allowed` (folders
    /// relative to tmp()).
    static std::vector<std::string> added_outside(const std::set<std::string>& before,
                                                  const std::set<std::string>& after,
                                                  const std::vector<std::string>& allowed)
    {
        std::vector<std::string> out;
        for (const auto& p : after) {
            if (before.count(p) != 0) continue;
            bool inside = false;
            for (const auto& a : allowed)
                inside = inside || p.rfind(a + "/", 0) == 0;
            if (!inside) out.push_back(p);
        }
        return out;
    }

    /// The id (and file name; empty: id + ".zip") the list gives every created snapshot.
    void serve_id(std::string id, std::string filename = {})
    {
        std::lock_guard lock(m_mutex);
        m_id = std::move(id);
        m_filename = std::move(filename);
    }

    std::unique_ptr<HostileServer> m_server;
    fs::path m_token;
    std::mutex m_mutex;
    std::vector<std::string> m_descriptions;
    std::string m_id = "sso-snapshot-2026-11-30-22_00_01";
    std::string m_filename;  ///< empty: m_id + ".zip"

private:
    std::optional<std::string> m_old_tmpdir;
    std::vector<std::string> m_all_output;
};

}  // namespace ssosnap::loopback
