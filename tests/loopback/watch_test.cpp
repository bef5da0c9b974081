// ssosnap watch against the emulator: a changed live config (an IdP added, a certificate
// swapped) is drift of class high with exactly one webhook POST that holds no secret; no
// change exits 0, posts nothing and removes the comparison snapshot from the server; a server
// that is down gets a failure notification and a failure metric; two runs on one baseline
// never overlap; --every with --count runs and reports each pass; --notify-command gets the
// drift document on stdin without a secret of the sample config; --all-profiles watches
// each server against its own baseline. Every metrics file passes `promtool check metrics`.

#include "monitoring_support.hpp"
#include "workflow_support.hpp"

#include "core/lock_file.hpp"
#include "emulator/sample_config.hpp"
#include "workflow/watch.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

namespace ssosnap::loopback
{
namespace
{

constexpr const char* k_idp_secret = "watch-loopback-clientsecret-Q7v2Lx9";
constexpr const char* k_key_line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-loopback-private-key";
// Values of fixtures/sample-config/ (fake, but secret in kind), and their replacements.
constexpr const char* k_sample_okta_secret = "fixture-only-secret-okta-Zq8vR2mT5xW1yB4n";
constexpr const char* k_rotated_okta_secret = "rotated-okta-secret-Wm3Px8Lq";
constexpr const char* k_sample_ldap_password = "sample-only-ldap-password-Kx7Tq2";
constexpr const char* k_new_ldap_password = "changed-ldap-password-Hd5Vz1";
constexpr const char* k_sample_key_line =
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDvDUSXm4eBpJAm";

/// Replaces `from` by `to` in the file at `path`; fails the test when `from` is not there.
void replace_in(const fs::path& path, const std::string& from, const std::string& to)
{
    auto text = read_text(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << path;
    write_text(path, text.replace(at, from.size(), to));
}

class WatchTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        for (const char* secret :
             {k_idp_secret, k_key_line, k_sample_okta_secret, k_rotated_okta_secret,
              k_sample_ldap_password, k_new_ldap_password, k_sample_key_line})
            add_secret(secret);
    }

    void start_with_config(int slow_millis = 3000)
    {
        start([slow_millis](emulator::EmulatorOptions& o) {
            o.faults.slow_millis = slow_millis;
            const auto k = o.data_dir / "kerberos";
            write_text(k / "saml" / "azure-ad" / "config.json",
                       R"({"id":"azure-ad","entityId":"https://sts.example.test/1/",)"
                       R"("spSigningCertificate":"saml/sp/sp-signing.crt"})"
                       "\n");
            write_text(k / "saml" / "sp" / "sp-signing.crt",
                       "-----BEGIN CERTIFICATE-----\nMIIBold\n-----END CERTIFICATE-----\n");
            write_text(k / "saml" / "sp" / "sp-signing.key",
                       std::string("-----BEGIN PRIVATE KEY-----\n") + k_key_line +
                           "\n-----END PRIVATE KEY-----\n");
        });
    }

    /// An administrator adds an identity provider (with a client secret) and swaps the SP
    /// signing certificate.
    void add_idp_and_swap_certificate()
    {
        const auto k = server() / "kerberos";
        write_text(k / "oidc" / "rogue" / "config.json",
                   std::string(R"({"id":"rogue","issuer":"https://rogue.example.test",)") +
                       R"("clientSecret":")" + k_idp_secret + "\"}\n");
        write_text(k / "saml" / "sp" / "sp-signing.crt",
                   "-----BEGIN CERTIFICATE-----\nMIIBnew\n-----END CERTIFICATE-----\n");
    }

    /// The emulator on the sample configuration of `ksso-emulator --sample-config` (an OIDC
    /// client secret, an LDAP bind password, the SP signing key, a keytab).
    void start_with_sample_config()
    {
        start([](emulator::EmulatorOptions& o) {
            fs::remove_all(o.data_dir / "kerberos");  // default_options' one-file config
            auto written = emulator::write_sample_config(o.data_dir);
            ASSERT_TRUE(written.has_value()) << written.error().message;
        });
    }

    /// A config file with the profiles alpha (this test's emulator) and beta (`beta_url`),
    /// admin with a password file.
    void write_profiles(const std::string& beta_url)
    {
        const auto pw = tmp() / "admin.password";
        write_text(pw, std::string(k_admin_password) + "\n");
        fs::permissions(pw, fs::perms::owner_read | fs::perms::owner_write);
        std::string config;
        for (const auto& [name, u] : {std::pair<std::string, std::string>{"alpha", url()},
                                      std::pair<std::string, std::string>{"beta", beta_url}}) {
            config += "[profile " + name + "]\nurl = " + u +
                      "\nuser = admin\npassword-file = " + pw.string() + "\n";
        }
        const auto file = tmp() / "home" / ".config" / "ssosnap" / "config";
        write_text(file, config);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    }

    fs::path metrics() const { return tmp() / "metrics" / "ssosnap_watch.prom"; }

    RunResult watch(std::vector<std::string> extra)
    {
        fs::create_directories(metrics().parent_path());
        std::vector<std::string> args{"watch", "--baseline",     backups().string(), "--retries",
                                      "0",     "--metrics-file", metrics().string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_admin(args);
    }
};

TEST_F(WatchTest, AddedIdpAndSwappedCertificateAreHighDriftWithOneSecretFreePost)
{
    start_with_config();
    const auto baseline = backup();
    add_idp_and_swap_certificate();
    Receiver hook;
    auto r = watch({"--notify-url", hook.url("/hook"), "--json"});
    ASSERT_EQ(r.status, 1) << r.err;

    const auto doc = nlohmann::json::parse(r.out);
    const auto& one = doc["instances"].at(0);
    EXPECT_EQ(one["worst"], "high");
    std::map<std::string, std::string> classes;
    for (const auto& c : one["changes"])
        classes[c["entry"].get<std::string>() + " " + c["change"].get<std::string>()] = c["class"];
    EXPECT_EQ(classes["kerberos/oidc/rogue/config.json added"], "high") << one["changes"];
    EXPECT_EQ(classes["kerberos/saml/sp/sp-signing.crt modified"], "high") << one["changes"];

    const auto posts = hook.seen("POST");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].path, "/hook");
    const auto body = nlohmann::json::parse(posts[0].body);
    EXPECT_EQ(body["version"], 1);
    EXPECT_EQ(body["event"], "drift");
    EXPECT_EQ(body["worst"], "high");
    EXPECT_NE(body["text"].get<std::string>().find("kerberos/oidc/rogue/config.json"),
              std::string::npos);
    for (const char* secret : {k_idp_secret, k_key_line, k_admin_password})
        EXPECT_EQ(posts[0].body.find(secret), std::string::npos) << secret;

    // The evidence is kept: on the server, and beside the baseline with its sidecar.
    const std::string id = one["server_snapshot"]["id"];
    EXPECT_EQ(one["server_snapshot"]["cleanup"], "kept");
    EXPECT_TRUE(fs::exists(baseline.parent_path() / (id + ".zip")));
    EXPECT_TRUE(fs::exists(baseline.parent_path() / (id + ".zip.sha256")));
    const auto ids = server_snapshots();
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());

    const auto text = read_text(metrics());
    EXPECT_NE(text.find("ssosnap_watch_changes{instance=\"" + url() + "\",risk=\"high\"} 2"),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
}

TEST_F(WatchTest, NoChangeExitsZeroPostsNothingAndDeletesTheComparisonSnapshot)
{
    start_with_config();
    const auto baseline = backup();
    Receiver hook;
    auto r = watch({"--notify-url", hook.url("/hook"), "--ping-url", hook.url("/ping")});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("no drift from " + baseline.filename().string()), std::string::npos)
        << r.out;
    EXPECT_TRUE(hook.seen("POST").empty());
    // The server holds only the baseline's snapshot again; the folder only the baseline.
    EXPECT_EQ(server_snapshots(), std::vector<std::string>{baseline.stem().string()});
    EXPECT_EQ(count_requests("delete"), 1);
    std::vector<std::string> zips;
    for (const auto& e : fs::directory_iterator(backups()))
        if (e.path().extension() == ".zip") zips.push_back(e.path().filename().string());
    EXPECT_EQ(zips, std::vector<std::string>{baseline.filename().string()});
    // The dead-man's switch saw the start and the success.
    const auto pings = hook.seen("GET");
    ASSERT_EQ(pings.size(), 2u);
    EXPECT_EQ(pings[0].path, "/ping/start");
    EXPECT_EQ(pings[1].path, "/ping");
    const auto text = read_text(metrics());
    EXPECT_NE(text.find("ssosnap_watch_success{instance=\"" + url() + "\"} 1"), std::string::npos)
        << text;
    EXPECT_NE(text.find("product=\"JIRA\",app_version=\"9.12.2\",plugin_version=\"6.3.0\""),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
}

TEST_F(WatchTest, ServerDownSendsAFailureNotificationAndAFailureMetric)
{
    start_with_config();
    backup();
    auto ok = watch({});
    ASSERT_EQ(ok.status, 0) << ok.err;
    const std::string server_url = url();
    m_emulator->stop();
    Receiver hook;
    auto r =
        run({"watch", "--baseline", backups().string(), "--retries", "0", "--metrics-file",
             metrics().string(), "--notify-url", hook.url("/hook"), "--ping-url", hook.url("/ping"),
             "--url", server_url, "--user", "admin", "--password-stdin", "--connect-timeout", "2"},
            std::string(k_admin_password) + "\n");
    EXPECT_EQ(r.status, 4) << r.err;
    const auto posts = hook.seen("POST");
    ASSERT_EQ(posts.size(), 1u);
    const auto body = nlohmann::json::parse(posts[0].body);
    EXPECT_EQ(body["event"], "failure");
    EXPECT_EQ(body["error"]["exit_status"], 4);
    EXPECT_EQ(posts[0].body.find(k_admin_password), std::string::npos);
    const auto pings = hook.seen("GET");
    ASSERT_EQ(pings.size(), 2u);
    EXPECT_EQ(pings[1].path, "/ping/fail");
    const auto text = read_text(metrics());
    EXPECT_NE(text.find("ssosnap_watch_success{instance=\"" + server_url + "\"} 0"),
              std::string::npos)
        << text;
    // The earlier success is still known.
    EXPECT_NE(text.find("ssosnap_watch_last_success_timestamp_seconds{instance=\"" + server_url),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
}

TEST_F(WatchTest, TwoConcurrentRunsOnOneBaselineNeverOverlap)
{
    start_with_config(1500);
    backup();
    // The first run's snapshot creation is slow, so it holds the lock while the second starts.
    m_emulator->add_faults({{emulator::Endpoint::create, 1, 1, emulator::FaultKind::slow}});
    int first_status = -1;
    std::thread first([&] {
        std::istringstream in(std::string(k_admin_password) + "\n");
        std::ostringstream out;
        std::ostringstream err;
        first_status = cli::run({"watch", "--baseline", backups().string(), "--retries", "0",
                                 "--url", url(), "--user", "admin", "--password-stdin"},
                                in, out, err);
    });
    // Wait until the first run has made the lock file (it locks it right then).
    const auto lock = workflow::watch_lock_path(backups());
    for (int i = 0; i < 500 && !fs::exists(lock); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto second = run_admin({"watch", "--baseline", backups().string(), "--retries", "0"});
    first.join();
    // One ran (no drift), one was refused by the lock with its stable code and status.
    std::vector<int> statuses{first_status, second.status};
    std::sort(statuses.begin(), statuses.end());
    EXPECT_EQ(statuses, (std::vector<int>{0, 6})) << second.err;
    EXPECT_NE(second.err.find("another run holds"), std::string::npos) << second.err;
    EXPECT_EQ(count_requests("create"), 2);  // the backup's and one watch run's only
}

TEST_F(WatchTest, FailOnHighIgnoresALowChangeThatAnyCounts)
{
    start_with_config();
    const auto baseline = backup();
    write_text(server() / "settings.json", "{\"loginButtonText\":\"Sign in\"}\n");
    auto r = watch({"--fail-on", "high", "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    const auto& one = doc["instances"].at(0);
    EXPECT_EQ(one["worst"], "low") << r.out;
    EXPECT_EQ(one["drift"], true);
    // The same two snapshots, compared offline with the default --fail-on any: drift.
    const std::string evidence = one["evidence"];
    auto any = run({"watch", "--baseline", baseline.string(), "--from", evidence});
    EXPECT_EQ(any.status, 1) << any.err;
    EXPECT_NE(any.out.find("display text changed"), std::string::npos) << any.out;
}

TEST_F(WatchTest, EveryOneSecondWithCountTwoRunsTwoPassesAndReportsBoth)
{
    start_with_config();
    const auto baseline = backup();
    const auto started = std::chrono::steady_clock::now();
    auto r = watch({"--every", "1s", "--count", "2"});
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(r.status, 0) << r.err;
    // Each pass printed its result and deleted its own comparison snapshot.
    const std::string line = "no drift from " + baseline.filename().string();
    std::size_t passes = 0;
    for (auto at = r.out.find(line); at != std::string::npos; at = r.out.find(line, at + 1))
        ++passes;
    EXPECT_EQ(passes, 2u) << r.out;
    EXPECT_EQ(count_requests("create"), 3);  // the backup's and one per pass
    EXPECT_EQ(count_requests("delete"), 2);
    EXPECT_EQ(server_snapshots(), std::vector<std::string>{baseline.stem().string()});
    EXPECT_GE(took, std::chrono::seconds(1));  // the pause between the passes
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out;
}

TEST_F(WatchTest, NotifyCommandGetsTheDriftDocumentOnStdinWithoutASecretOfTheSampleConfig)
{
    start_with_sample_config();
    backup();
    // Secrets rotated, and an identity provider added.
    const auto k = server() / "kerberos";
    replace_in(k / "oidc" / "okta" / "config.json", k_sample_okta_secret, k_rotated_okta_secret);
    replace_in(k / "ldap" / "ldap.properties", k_sample_ldap_password, k_new_ldap_password);
    add_idp_and_swap_certificate();
    const auto script = tmp() / "record-notification.sh";
    const auto recorded = tmp() / "notification.json";
    write_text(script, "#!/bin/sh\ncat > \"$1\"\n");
    fs::permissions(script, fs::perms::owner_all);
    auto r = watch({"--notify-command", script.string() + " " + recorded.string()});
    EXPECT_EQ(r.status, 1) << r.err;

    ASSERT_TRUE(fs::exists(recorded)) << r.err;
    const auto text = read_text(recorded);
    add_output(text);  // TearDown checks it for every secret of this test, too
    const auto doc = nlohmann::json::parse(text);
    EXPECT_EQ(doc["version"], 1);
    EXPECT_EQ(doc["event"], "drift");
    EXPECT_EQ(doc["instance"], url());
    std::set<std::string> changes;
    for (const auto& c : doc["changes"])
        changes.insert(c["entry"].get<std::string>() + " " + c["change"].get<std::string>());
    for (const char* want :
         {"kerberos/oidc/okta/config.json modified", "kerberos/ldap/ldap.properties modified",
          "kerberos/oidc/rogue/config.json added", "kerberos/saml/sp/sp-signing.crt modified"})
        EXPECT_EQ(changes.count(want), 1u) << want << "\n" << doc["changes"];
    EXPECT_EQ(doc["counts"]["high"].get<int>() + doc["counts"]["medium"].get<int>() +
                  doc["counts"]["low"].get<int>(),
              static_cast<int>(doc["changes"].size()));
    for (const char* secret :
         {k_sample_okta_secret, k_rotated_okta_secret, k_sample_ldap_password, k_new_ldap_password,
          k_sample_key_line, k_idp_secret, k_admin_password})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret;
}

TEST_F(WatchTest, AllProfilesWatchesEachServerAgainstItsOwnBaseline)
{
    start_with_config();
    auto beta = emulator::Emulator::start(default_options(tmp() / "beta"));
    ASSERT_TRUE(beta.has_value()) << beta.error().message;
    write_profiles((*beta)->url());
    auto base = run({"backup", "--all-profiles", "--to", backups().string()});
    ASSERT_EQ(base.status, 0) << base.err;
    add_idp_and_swap_certificate();  // alpha drifts, beta does not
    fs::create_directories(metrics().parent_path());
    auto r = run({"watch", "--all-profiles", "--baseline", backups().string(), "--retries", "0",
                  "--metrics-file", metrics().string(), "--json"});
    EXPECT_EQ(r.status, 1) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["instances"].size(), 2u) << r.out;
    std::map<std::string, nlohmann::json> by;
    for (const auto& one : doc["instances"])
        by[one["instance"].get<std::string>()] = one;
    ASSERT_EQ(by.count("alpha") + by.count("beta"), 2u) << r.out;
    EXPECT_EQ(by["alpha"]["drift"], true);
    EXPECT_EQ(by["alpha"]["exit_status"], 1);
    EXPECT_EQ(by["alpha"]["worst"], "high");
    EXPECT_EQ(fs::path(by["alpha"]["evidence"].get<std::string>()).parent_path(),
              backups() / "alpha");
    EXPECT_EQ(by["beta"]["drift"], false);
    EXPECT_EQ(by["beta"]["exit_status"], 0);
    EXPECT_EQ(by["beta"]["server_snapshot"]["cleanup"], "deleted");
    const auto text = read_text(metrics());
    EXPECT_NE(text.find("ssosnap_watch_changes{instance=\"alpha\",risk=\"high\"} 2"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("ssosnap_watch_changes{instance=\"beta\",risk=\"high\"} 0"),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
}

}  // namespace
}  // namespace ssosnap::loopback
