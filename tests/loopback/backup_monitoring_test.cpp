// backup --metrics-file and --ping-url against the emulator: a successful backup writes a
// metrics file that passes `promtool check metrics` with the last success and the info metric
// (product and versions), and pings URL/start then URL; a backup against a stopped server
// writes the failure metric (keeping the earlier success time) and pings URL/start then
// URL/fail.

#include "monitoring_support.hpp"
#include "workflow_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class BackupMonitoringTest : public WorkflowLoopbackTest
{
protected:
    fs::path metrics() const { return tmp() / "metrics" / "ssosnap_backup.prom"; }

    /// The backup arguments with --metrics-file and --ping-url (the receiver's /ping).
    std::vector<std::string> monitored(const Receiver& hook) const
    {
        return {"--metrics-file", metrics().string(), "--ping-url", hook.url("/ping")};
    }
};

TEST_F(BackupMonitoringTest, SuccessWritesLastSuccessAndInfoMetricsAndPingsStartThenSuccess)
{
    start();
    fs::create_directories(metrics().parent_path());
    Receiver hook;
    const auto archive = backup(monitored(hook));
    ASSERT_TRUE(fs::exists(archive));

    const auto text = read_text(metrics());
    const std::string instance = "{instance=\"" + url() + "\"";
    EXPECT_NE(text.find("ssosnap_backup_success" + instance + "} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("ssosnap_backup_last_success_timestamp_seconds" + instance + "} "),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("ssosnap_backup_snapshot_bytes" + instance + "} " +
                        std::to_string(fs::file_size(archive))),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("ssosnap_backup_info" + instance +
                        ",product=\"JIRA\",app_version=\"9.12.2\",plugin_version=\"6.3.0\""),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
    EXPECT_EQ(hook.requests(), (std::vector<std::string>{"GET /ping/start", "GET /ping"}));
}

TEST_F(BackupMonitoringTest, StoppedServerWritesTheFailureMetricAndPingsFail)
{
    start();
    fs::create_directories(metrics().parent_path());
    {
        Receiver first;
        backup(monitored(first));
    }
    const std::string server_url = url();
    m_emulator->stop();
    Receiver hook;
    std::vector<std::string> args{
        "backup", "--to",  backups().string(), "--retries",         "0", "--url", server_url,
        "--user", "admin", "--password-stdin", "--connect-timeout", "2"};
    const auto more = monitored(hook);
    args.insert(args.end(), more.begin(), more.end());
    auto r = run(args, std::string(k_admin_password) + "\n");
    EXPECT_EQ(r.status, 4) << r.err;

    const auto text = read_text(metrics());
    const std::string instance = "{instance=\"" + server_url + "\"";
    EXPECT_NE(text.find("ssosnap_backup_success" + instance + "} 0"), std::string::npos) << text;
    // The earlier success is still known: a stale-backup alert keeps counting from it.
    EXPECT_NE(text.find("ssosnap_backup_last_success_timestamp_seconds" + instance + "} "),
              std::string::npos)
        << text;
    const auto [rc, out] = promtool(metrics());
    EXPECT_EQ(rc, 0) << out << text;
    EXPECT_EQ(hook.requests(), (std::vector<std::string>{"GET /ping/start", "GET /ping/fail"}));
}

}  // namespace
}  // namespace ssosnap::loopback
