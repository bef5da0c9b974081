// The restore workflow against the emulator: gates refuse without a restore call, --plan
// changes nothing but the safety snapshot, a post-verify difference exits 1, --drop-dir works
// on a server without transfer endpoints, an injected failure at each step leaves the live
// config as it was or equal to the archive, and the printed rollback command rolls back.

#include "workflow_support.hpp"

#include <tuple>

#include <atomic>

namespace ssosnap::loopback
{
namespace
{

using emulator::Endpoint;
using emulator::FaultKind;

class WorkflowRestoreTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start([this](emulator::EmulatorOptions& o) { o.now = clock(); });
    }

    /// A server clock that moves 3 s per reading, so that two snapshots never share a file
    /// name (the name has whole seconds) however fast the test runs.
    std::function<std::int64_t()> clock()
    {
        return [t = m_clock] { return t->fetch_add(3000); };
    }

    /// Stops the emulator and starts it again on the same data with `adjust`.
    void restart(const std::function<void(emulator::EmulatorOptions&)>& adjust)
    {
        m_emulator.reset();
        start([&](emulator::EmulatorOptions& o) {
            o.now = clock();
            adjust(o);
        });
    }

    std::shared_ptr<std::atomic<std::int64_t>> m_clock =
        std::make_shared<std::atomic<std::int64_t>>(1795000000000);
};

TEST_F(WorkflowRestoreTest, RestoresVerifiesAndTheRollbackCommandRollsBack)
{
    const auto archive = backup();
    const auto original = live();
    change_live();
    const auto changed = live();

    auto r = restore(archive, {"--yes"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("restored and verified"), std::string::npos) << r.out;
    EXPECT_EQ(live(), original);
    EXPECT_EQ(count_requests("restore"), 1);

    auto back = run_rollback(r.err);
    ASSERT_EQ(back.status, 0) << r.err << back.err;
    EXPECT_EQ(live(), changed);
}

TEST_F(WorkflowRestoreTest, PluginVersionMismatchIsRefusedWithoutARestoreCall)
{
    const auto archive = backup();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.4.0"; });
    change_live();  // after the restart, which seeds the live config again
    const auto before = live();

    auto r = restore(archive, {"--yes"});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("plugin-version-mismatch"), std::string::npos) << r.err;
    // The refusal reads as what its JSON says: "severity": "error", not a warning.
    EXPECT_NE(r.err.find("ssosnap: error: plugin-version-mismatch: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("warning: plugin-version-mismatch"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(count_requests("upload"), 0);
    EXPECT_EQ(live(), before);
    EXPECT_NE(r.err.find("roll back with: ssosnap remote restore"), std::string::npos) << r.err;
}

TEST_F(WorkflowRestoreTest, PluginVersionMismatchGoesOnWithForce)
{
    const auto archive = backup();
    const auto original = live();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.4.0"; });
    change_live();

    auto r = restore(archive, {"--yes", "--force"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(live(), original);
}

TEST_F(WorkflowRestoreTest, AnOlderPluginOnTheServerIsRefusedInJson)
{
    // The archive comes from 6.3.0, the server now runs 6.2.10: older, but different all the
    // same (Kantega restores only on the version a snapshot was taken with).
    const auto archive = backup();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.2.10"; });
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--yes", "--json"});
    EXPECT_EQ(r.status, 6) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out;
    EXPECT_EQ(doc["result"], "refused");
    EXPECT_EQ(doc["error"]["code"], "plugin-version-mismatch");
    EXPECT_NE(doc["error"]["message"].get<std::string>().find("6.2.10"), std::string::npos);
    EXPECT_EQ(count_requests("upload"), 0);
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, PlanIsRefusedOnAnotherPluginVersion)
{
    // The gate comes before the plan: --plan on a mismatched server says so instead of
    // showing changes a restore would never make.
    const auto archive = backup();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.4.0"; });
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--plan"});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("ssosnap: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("plugin-version-mismatch"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("6.4.0"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("plan only"), std::string::npos) << r.out;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, AnotherProductIsRefusedEvenWithForce)
{
    const auto archive = backup();
    restart([](emulator::EmulatorOptions& o) {
        o.app_name = "CONFLUENCE";
        o.app_version = "8.5.4";
    });
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--yes", "--force", "--json"});
    EXPECT_EQ(r.status, 6) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["result"], "refused");
    EXPECT_EQ(doc["error"]["code"], "app-mismatch");
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, AnArchiveWithUnknownFactsIsRefusedWithoutForce)
{
    // An archive whose metadata names no product and no Kantega SSO version.
    restart([](emulator::EmulatorOptions& o) {
        o.app_name = "";
        o.plugin_version = "";
    });
    const auto archive = backup();
    restart([](emulator::EmulatorOptions&) {});
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--yes", "--json"});
    EXPECT_EQ(r.status, 6) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["result"], "refused");
    EXPECT_EQ(doc["step"], "gate");
    EXPECT_EQ(doc["error"]["code"], "facts-unknown");
    const std::string message = doc["error"]["message"];
    EXPECT_NE(message.find("the archive's product (applicationName)"), std::string::npos);
    EXPECT_NE(message.find("the archive's Kantega SSO version (pluginVersion)"), std::string::npos);
    EXPECT_EQ(message.find("the server's"), std::string::npos) << message;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, AServerWithUnknownFactsIsRefusedWithoutForceAndWarnedWithIt)
{
    const auto archive = backup();
    const auto original = live();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = ""; });
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--yes"});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("unknown: the server's Kantega SSO version (pluginVersion)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);

    auto forced = restore(archive, {"--yes", "--force"});
    EXPECT_EQ(forced.status, 0) << forced.err;
    EXPECT_NE(forced.err.find("ssosnap: warning: facts-unknown: unknown: the server's"),
              std::string::npos)
        << forced.err;
    EXPECT_EQ(live(), original);
}

TEST_F(WorkflowRestoreTest, RemoteRestoreHasTheSameGate)
{
    const auto archive = backup();
    const std::string id = archive.stem().string();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.4.0"; });
    change_live();
    const auto before = live();

    auto r = run_admin({"remote", "restore", id, "--yes", "--retries", "0"});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("ssosnap: error: remote restore (gate): the archive was taken with "
                         "Kantega SSO 6.3.0, the server runs 6.4.0"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);

    auto forced = run_admin({"remote", "restore", id, "--yes", "--force", "--retries", "0"});
    EXPECT_EQ(forced.status, 0) << forced.err;
    EXPECT_NE(forced.out.find("restored " + id), std::string::npos) << forced.out;
    EXPECT_NE(live(), before);
    // Its rollback command brings the config from before back, forced as this run was.
    EXPECT_NE(forced.err.find(" --yes "), std::string::npos) << forced.err;
    EXPECT_NE(forced.err.find(" --force "), std::string::npos) << forced.err;
    auto back = run_rollback(forced.err);
    ASSERT_EQ(back.status, 0) << forced.err << back.err;
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, PlanChangesNothingButTheSafetySnapshot)
{
    const auto archive = backup();
    change_live();
    const auto before = live();
    const auto snapshots_before = server_snapshots().size();

    auto r = restore(archive, {"--plan"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("saml-idp.xml"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("plan only"), std::string::npos) << r.out;
    EXPECT_EQ(live(), before);
    EXPECT_EQ(server_snapshots().size(), snapshots_before + 1);
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(count_requests("upload"), 0);
}

TEST_F(WorkflowRestoreTest, WithoutATerminalAndWithoutYesItRefuses)
{
    const auto archive = backup();
    change_live();
    const auto before = live();
    auto r = restore(archive, {});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);
}

TEST_F(WorkflowRestoreTest, APostVerifyDifferenceExits1)
{
    // An archive with an entry outside the live config: the server restores kerberos/ and
    // settings.json only, so the post-restore snapshot lacks it.
    const fs::path src = tmp() / "src";
    write_text(src / "kerberos" / "saml-idp.xml", "<idp name=\"from the archive\"/>\n");
    write_text(src / "extra" / "notes.txt", "not part of the live config\n");
    fs::create_directories(tmp() / "made");
    auto made = run({"create", src.string(), "--out-dir", (tmp() / "made").string(), "--app",
                     "JIRA", "--app-version", "9.12.2", "--plugin-version", "6.3.0", "--base-url",
                     "https://jira.example.test", "--tz", "UTC", "--time-millis", "1700000000000"});
    ASSERT_EQ(made.status, 0) << made.err;
    std::string archive = made.out.substr(0, made.out.find('\n'));

    auto r = restore(archive, {"--yes"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.out.find("extra/notes.txt"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("roll back with"), std::string::npos) << r.err;
    EXPECT_EQ(read_text(live_file()), "<idp name=\"from the archive\"/>\n");
}

TEST_F(WorkflowRestoreTest, DropDirWorksOnAServerWithoutTransferEndpoints)
{
    restart([](emulator::EmulatorOptions& o) { o.transfer = false; });
    const fs::path mounted = server() / "kerberos_snapshots";
    const auto archive = backup({"--from-dir", mounted.string()});
    const auto original = live();
    // Take it off the server so that restore really has to bring it back.
    fs::remove(mounted / archive.filename());
    change_live();

    auto r = restore(archive, {"--yes", "--drop-dir", mounted.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(live(), original);
    EXPECT_TRUE(fs::exists(mounted / archive.filename()));
    EXPECT_EQ(count_requests("upload"), 0);
}

TEST_F(WorkflowRestoreTest, WithoutTransferEndpointsOrDropDirItSaysWhereTheSnapshotIs)
{
    restart([](emulator::EmulatorOptions& o) { o.transfer = false; });
    fs::create_directories(backups());
    auto r = run_admin({"backup", "--to", backups().string(), "--retries", "0"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("kerberos_snapshots"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--from-dir"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(backups()));
}

// An injected failure at each step: the live config is as it was or equal to the archive,
// a safety snapshot exists once step 2 passed, and the printed rollback command rolls back.
struct FaultCase {
    const char* name;
    Endpoint endpoint;
    int first;
    int last;
    bool after_safety;  ///< the failure comes after the safety snapshot exists
};

// 500 answers, connections dropped in the middle of the answer, and answers so late that
// the client's --timeout gives up first (the server still does the work afterwards: a timed
// out restore has restored, and the test waits for the server before it looks).
class WorkflowRestoreFaultTest
    : public WorkflowRestoreTest,
      public ::testing::WithParamInterface<std::tuple<FaultCase, FaultKind>>
{
};

TEST_P(WorkflowRestoreFaultTest, LeavesTheLiveConfigAsItWasOrEqualToTheArchive)
{
    const auto& c = std::get<0>(GetParam());
    const FaultKind kind = std::get<1>(GetParam());
    std::vector<std::string> args{"--yes"};
    if (kind == FaultKind::slow) {
        // The server answers 4 s late; the client gives up after 2 s.
        restart([](emulator::EmulatorOptions& o) { o.faults.slow_millis = 4000; });
        args.insert(args.end(), {"--timeout", "2"});
    }
    const auto archive = backup();
    const auto original = live();
    fs::remove(server() / "kerberos_snapshots" / archive.filename());  // upload must happen
    change_live();
    const auto changed = live();
    const auto snapshots_before = server_snapshots().size();
    m_emulator->add_faults({{c.endpoint, c.first, c.last, kind}});

    auto r = restore(archive, args);
    EXPECT_EQ(r.status, 4) << r.out << r.err;
    if (kind == FaultKind::slow) {
        EXPECT_NE(r.err.find("timeout"), std::string::npos) << r.err;
    }
    m_emulator->wait_idle();
    const auto now = live();
    EXPECT_TRUE(now == changed || now == original) << r.err;
    if (!c.after_safety) {
        EXPECT_EQ(now, changed);
        EXPECT_EQ(r.err.find("roll back with"), std::string::npos) << r.err;
        return;
    }
    EXPECT_GT(server_snapshots().size(), snapshots_before);
    EXPECT_NE(r.err.find("state: "), std::string::npos) << r.err;
    auto back = run_rollback(r.err);
    ASSERT_EQ(back.status, 0) << r.err << back.err;
    EXPECT_EQ(live(), changed);
}

INSTANTIATE_TEST_SUITE_P(
    EachStep, WorkflowRestoreFaultTest,
    ::testing::Combine(::testing::Values(FaultCase{"SafetySnapshot", Endpoint::create, 1, 1, false},
                                         FaultCase{"PlanDownload", Endpoint::download, 1, 9, true},
                                         FaultCase{"Upload", Endpoint::upload, 1, 1, true},
                                         FaultCase{"Restore", Endpoint::restore, 1, 1, true},
                                         FaultCase{"PostSnapshot", Endpoint::create, 2, 2, true},
                                         FaultCase{"PostDownload", Endpoint::download, 2, 9, true}),
                       ::testing::Values(FaultKind::http500, FaultKind::drop, FaultKind::slow)),
    [](const auto& param_info) {
        const FaultKind kind = std::get<1>(param_info.param);
        return std::string(std::get<0>(param_info.param).name) +
               (kind == FaultKind::drop   ? "Dropped"
                : kind == FaultKind::slow ? "TimedOut"
                                          : "Http500");
    });

}  // namespace
}  // namespace ssosnap::loopback
