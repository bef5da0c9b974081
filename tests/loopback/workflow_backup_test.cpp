// The backup workflow against the emulator: the archive lands with its .sha256 and verifies,
// the server keeps the snapshot under a unique description, --json says where and what, and
// a failed download leaves nothing in the target folder.

#include "workflow_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class WorkflowBackupTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start();
    }
};

TEST_F(WorkflowBackupTest, WritesAnArchiveAndSidecarThatVerify)
{
    const auto archive = backup({"--description", "nightly"});
    ASSERT_TRUE(fs::exists(archive));
    EXPECT_TRUE(fs::exists(archive.string() + ".sha256"));
    EXPECT_EQ(fs::status(archive).permissions() & fs::perms::others_all, fs::perms::none);
    auto v = run({"verify", archive.string()});
    EXPECT_EQ(v.status, 0) << v.out << v.err;
    // The server keeps it: same id, listed with the unique description.
    const auto ids = server_snapshots();
    EXPECT_NE(std::find(ids.begin(), ids.end(), archive.stem().string()), ids.end());
    EXPECT_EQ(count_requests("ping"), 1);
    EXPECT_EQ(count_requests("create"), 1);
    EXPECT_EQ(count_requests("download"), 1);
}

TEST_F(WorkflowBackupTest, JsonNamesThePathTheIdAndTheUniqueDescription)
{
    fs::create_directories(backups());
    auto r =
        run_admin({"backup", "--to", backups().string(), "--description", "nightly", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["command"], "backup");
    EXPECT_EQ(doc["verified"], true);
    EXPECT_EQ(doc["source"], "download");
    const std::string description = doc["snapshot"]["description"];
    EXPECT_EQ(description.rfind("nightly (ssosnap ", 0), 0u) << description;
    EXPECT_TRUE(fs::exists(doc["path"].get<std::string>()));
    EXPECT_EQ(doc["sha256"].get<std::string>().size(), 64u);
}

TEST_F(WorkflowBackupTest, AFailedDownloadLeavesNothingAndNamesTheSnapshot)
{
    m_emulator->add_faults({{emulator::Endpoint::download, 1, 9, emulator::FaultKind::http500}});
    fs::create_directories(backups());
    auto r = run_admin({"backup", "--to", backups().string(), "--retries", "0"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("was created on the server"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(backups()));
}

TEST_F(WorkflowBackupTest, CreatesTheTargetFolderWhenMissing)
{
    const auto to = backups() / "jira" / "nightly";
    ASSERT_FALSE(fs::exists(backups()));
    auto r = run_admin({"backup", "--to", to.string(), "--retries", "0"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(fs::is_directory(to));
    EXPECT_EQ(r.out, (to / (server_snapshots().front() + ".zip")).string() + "\n");
}

TEST_F(WorkflowBackupTest, AFailedBackupRemovesTheFoldersItCreated)
{
    m_emulator->add_faults({{emulator::Endpoint::download, 1, 9, emulator::FaultKind::http500}});
    fs::create_directories(backups());
    auto r =
        run_admin({"backup", "--to", (backups() / "jira" / "nightly").string(), "--retries", "0"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_TRUE(fs::is_directory(backups()));  // it existed before: kept
    EXPECT_TRUE(fs::is_empty(backups())) << "left behind: " << (backups() / "jira");
}

TEST_F(WorkflowBackupTest, ATargetThatIsAFileIsRefused)
{
    write_text(backups(), "not a folder\n");
    auto r = run_admin({"backup", "--to", backups().string(), "--retries", "0"});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_NE(r.err.find("is not a folder"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("create"), 0);
}

}  // namespace
}  // namespace ssosnap::loopback
