// The restore workflow against the emulator: gates refuse without a restore call, --plan
// changes nothing on the server (its snapshot is deleted again) and shows the plan even when
// the gate refuses, a post-verify difference exits 1, --drop-dir works on a server without
// transfer endpoints, an injected failure at each step leaves the live config as it was or
// equal to the archive, and the printed rollback command rolls back. A restore keeps its
// safety snapshot on the server and beside the archive, and deletes its check snapshot.

#include "workflow_support.hpp"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <sstream>
#include <tuple>

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
    // Nothing changed: no rollback advice, and the safety snapshot is deleted again.
    EXPECT_EQ(r.err.find("roll back"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("state: the live config is unchanged\n"), std::string::npos) << r.err;
    EXPECT_EQ(server_snapshots(), std::vector<std::string>{archive.stem().string()});
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

TEST_F(WorkflowRestoreTest, PlanIsShownButRefusedOnAnotherPluginVersion)
{
    // The gate comes before the plan: --plan on a mismatched server shows what a forced
    // restore would change, then says the gate refuses and exits 6.
    const auto archive = backup();
    restart([](emulator::EmulatorOptions& o) { o.plugin_version = "6.4.0"; });
    change_live();
    const auto before = live();

    auto r = restore(archive, {"--plan"});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("ssosnap: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("plugin-version-mismatch"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("6.4.0"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("saml-idp.xml"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("plan only: nothing restored; the gate refuses"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.err.find("roll back"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(live(), before);

    auto json = restore(archive, {"--plan", "--json"});
    EXPECT_EQ(json.status, 6) << json.err;
    auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["result"], "refused");
    EXPECT_EQ(doc["error"]["code"], "plugin-version-mismatch");
    ASSERT_TRUE(doc["plan"].is_object()) << json.out;
    EXPECT_NE(doc["plan"].dump().find("saml-idp.xml"), std::string::npos);
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

TEST_F(WorkflowRestoreTest, PlanLeavesTheServerAsItWas)
{
    const auto archive = backup();
    change_live();
    const auto before = live();
    const auto snapshots_before = server_snapshots();

    auto r = restore(archive, {"--plan"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("saml-idp.xml"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("plan only"), std::string::npos) << r.out;
    EXPECT_EQ(live(), before);
    // The plan's snapshot was taken, then deleted again.
    EXPECT_EQ(count_requests("create"), 2);  // the backup's and the plan's
    EXPECT_EQ(count_requests("delete"), 1);
    EXPECT_EQ(server_snapshots(), snapshots_before);
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(count_requests("upload"), 0);
    EXPECT_EQ(r.err.find("roll back"), std::string::npos) << r.err;
    EXPECT_EQ(std::distance(fs::directory_iterator(backups()), fs::directory_iterator()), 2)
        << "no safety copy beside the archive after --plan";
}

TEST_F(WorkflowRestoreTest, UnconfirmedRestoreLeavesTheServerAsItWas)
{
    const auto archive = backup();
    change_live();
    const auto snapshots_before = server_snapshots();
    auto r = restore(archive, {});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_EQ(server_snapshots(), snapshots_before);
    EXPECT_EQ(r.err.find("roll back"), std::string::npos) << r.err;
}

TEST_F(WorkflowRestoreTest, KeepsTheSafetySnapshotOnTheServerAndBesideTheArchive)
{
    const auto archive = backup();
    const auto original = live();
    change_live();
    const auto changed = live();
    const auto snapshots_before = server_snapshots();

    auto r = restore(archive, {"--yes", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    const std::string safety = doc["safety_snapshot"]["id"];
    const std::string check = doc["post_snapshot"]["id"];
    // On the server: what was there, plus the safety snapshot; the check snapshot is gone.
    auto expected = snapshots_before;
    expected.push_back(safety);
    std::sort(expected.begin(), expected.end());
    auto now = server_snapshots();
    std::sort(now.begin(), now.end());
    EXPECT_EQ(now, expected);
    EXPECT_EQ(doc["removed"], nlohmann::json::array({check}));
    EXPECT_EQ(doc["left"], nlohmann::json::array());
    // Beside the archive: its copy (0600) and a sidecar that checks, named on stderr.
    const fs::path copy = backups() / (safety + ".zip");
    EXPECT_EQ(doc["safety_copy"], copy.string());
    ASSERT_TRUE(fs::exists(copy));
    EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(read_text(copy), read_text(server() / "kerberos_snapshots" / (safety + ".zip")));
    auto verified = run({"verify", copy.string()});
    EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
    EXPECT_TRUE(fs::exists(fs::path(copy.string() + ".sha256")));
    EXPECT_NE(r.err.find("its copy is " + copy.string()), std::string::npos) << r.err;
    EXPECT_EQ(live(), original);

    // The copy is a snapshot of the config from before: restoring it rolls back.
    auto back = restore(copy, {"--yes", "--no-keep-safety-copy"});
    ASSERT_EQ(back.status, 0) << back.err;
    EXPECT_EQ(live(), changed);
}

TEST_F(WorkflowRestoreTest, NoKeepSafetyCopyWritesNothingBesideTheArchive)
{
    const auto archive = backup();
    change_live();
    auto r = restore(archive, {"--yes", "--no-keep-safety-copy"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(std::distance(fs::directory_iterator(backups()), fs::directory_iterator()), 2);
    EXPECT_EQ(r.err.find("its copy is"), std::string::npos) << r.err;
}

TEST_F(WorkflowRestoreTest, AServerWithoutDeleteIsWarnedOnceAndTheRestoreGoesOn)
{
    restart([](emulator::EmulatorOptions& o) { o.transfer = false; });
    const fs::path mounted = server() / "kerberos_snapshots";
    const auto archive = backup({"--from-dir", mounted.string()});
    change_live();
    const auto before = server_snapshots().size();

    auto r = restore(archive, {"--yes", "--drop-dir", mounted.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    // The check snapshot stays (with a warning, once); the safety snapshot stays too.
    EXPECT_EQ(server_snapshots().size(), before + 2);
    const std::string warning = "warning: the server has no snapshot delete endpoint";
    const auto at = r.err.find(warning);
    ASSERT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(warning, at + 1), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(taken only to compare) stays on the server"), std::string::npos)
        << r.err;

    // --plan on the same server: the plan's snapshot cannot go either; one warning.
    auto plan = restore(archive, {"--plan", "--drop-dir", mounted.string()});
    ASSERT_EQ(plan.status, 0) << plan.err;
    EXPECT_NE(plan.err.find(warning), std::string::npos) << plan.err;
    EXPECT_EQ(server_snapshots().size(), before + 3);
}

TEST_F(WorkflowRestoreTest, TheRollbackCommandNamesTheTokenFileInUse)
{
    const auto token = make_token();
    const auto archive = backup();
    change_live();
    const auto changed = live();
    auto r = run({"restore", archive.string(), "--yes", "--retries", "0", "--url", url(),
                  "--token-file", token.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string marker = "roll back with: ssosnap ";
    const auto at = r.err.find(marker);
    ASSERT_NE(at, std::string::npos) << r.err;
    const std::string line =
        r.err.substr(at + marker.size(), r.err.find('\n', at) - at - marker.size());
    EXPECT_NE(line.find("--token-file " + fs::absolute(token).string()), std::string::npos) << line;
    EXPECT_EQ(line.find("TOKEN_FILE"), std::string::npos) << line;
    std::istringstream words(line);
    std::vector<std::string> args;
    for (std::string w; words >> w;)
        args.push_back(w);
    auto back = run(args);
    ASSERT_EQ(back.status, 0) << line << back.err;
    EXPECT_EQ(live(), changed);
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
    bool restore_sent;  ///< the failure comes after the restore call was sent
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
    const auto before_ids = server_snapshots();
    const auto snapshots_before = before_ids.size();
    m_emulator->add_faults({{c.endpoint, c.first, c.last, kind}});

    auto r = restore(archive, args);
    EXPECT_EQ(r.status, 4) << r.out << r.err;
    if (kind == FaultKind::slow) {
        EXPECT_NE(r.err.find("timeout"), std::string::npos) << r.err;
    }
    m_emulator->wait_idle();
    const auto now = live();
    EXPECT_TRUE(now == changed || now == original) << r.err;
    if (!c.restore_sent) {
        EXPECT_EQ(now, changed);
        EXPECT_EQ(r.err.find("roll back with"), std::string::npos) << r.err;
        // Nothing is left on the server but what was there and, perhaps, the uploaded
        // archive (a failed create may still have made a snapshot the client never saw).
        if (c.endpoint != Endpoint::create) {
            for (const auto& id : server_snapshots()) {
                EXPECT_TRUE(std::find(before_ids.begin(), before_ids.end(), id) !=
                                before_ids.end() ||
                            id == archive.stem().string())
                    << id << " left on the server\n"
                    << r.err;
            }
        }
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
                                         FaultCase{"PlanDownload", Endpoint::download, 1, 9, false},
                                         FaultCase{"Upload", Endpoint::upload, 1, 1, false},
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
