// Server-supplied snapshot ids become file names: a hostile list must never make backup,
// restore --plan or backup --all-profiles write outside their folders (issue 15 item 1).

#include "hostile_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class HostileIdsTest : public HostileServerTest
{
protected:
    /// `backup --to deep/a/b` with the list naming created snapshots `id` / `filename`:
    /// exit 4, an error naming the id, and nothing new anywhere in the temporary tree
    /// (inside deep/a/b neither).
    void expect_backup_refused(const std::string& id, const std::string& filename = {},
                               const std::string& message = "unsafe snapshot id")
    {
        serve_id(id, filename);
        fs::create_directories(tmp() / "deep" / "a" / "b");
        const auto before = tree();
        auto r = run_hostile({"backup", "--to", (tmp() / "deep" / "a" / "b").string()});
        EXPECT_EQ(r.status, 4) << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(added_outside(before, tree(), {}), std::vector<std::string>{}) << r.err;
        EXPECT_EQ(r.out, "");
    }
};

TEST_F(HostileIdsTest, BackupRefusesAnIdThatClimbsOutOfTheFolder)
{
    expect_backup_refused("../../escaped-by-id");
    EXPECT_FALSE(fs::exists(tmp() / "deep" / "escaped-by-id.zip"));
}

TEST_F(HostileIdsTest, BackupRefusesADatedIdThatClimbsOut)
{
    // Passes a check that looks only at the last path segment.
    expect_backup_refused("../../sso-snapshot-2099-01-01-00_00_00");
}

TEST_F(HostileIdsTest, BackupRefusesAnAbsoluteId)
{
    expect_backup_refused((tmp() / "absolute-escape").string());
    EXPECT_FALSE(fs::exists(tmp() / "absolute-escape.zip"));
}

TEST_F(HostileIdsTest, BackupRefusesAFileNameThatIsNotTheId)
{
    expect_backup_refused("sso-snapshot-2026-11-30-22_00_01", "../../escaped-by-name.zip",
                          "with file name '../../escaped-by-name.zip' (expected the id");
}

TEST_F(HostileIdsTest, TheBadIdIsNamedEscaped)
{
    expect_backup_refused("sso-snapshot-\x1b]0;pwned\x07", {},
                          R"(unsafe snapshot id 'sso-snapshot-\x1b]0;pwned\x07')");
    // TearDown: no raw ESC in any output.
}

TEST_F(HostileIdsTest, RemoteListFailsWholeOnOneBadRecord)
{
    serve_id("../../escaped-by-id");
    ASSERT_EQ(run_hostile({"backup", "--to", tmp().string()}).status, 4);  // a record now
    auto r = run_hostile({"remote", "list", "--json"});
    EXPECT_EQ(r.status, 4) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out;
    EXPECT_EQ(doc["error"]["code"], "bad-id") << r.out;
    EXPECT_NE(doc["error"]["message"].get<std::string>().find("'../../escaped-by-id'"),
              std::string::npos)
        << r.out;
}

TEST_F(HostileIdsTest, RestorePlanWritesNoSafetySnapshotOutside)
{
    // The safety snapshot goes to a temporary folder: put that deep inside tmp() so an escape
    // would land in tmp() where tree() sees it.
    const auto work = tmp() / "work" / "a" / "b";
    fs::create_directories(work);
    ::setenv("TMPDIR", work.c_str(), 1);
    serve_id("../../escaped-by-restore");
    const auto archive = tmp() / "in" / (std::string(k_good_id) + ".zip");
    fs::create_directories(archive.parent_path());
    fs::copy_file(k_archive_fixture(), archive);
    const auto before = tree();
    auto r = run_hostile({"restore", archive.string(), "--plan"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("'../../escaped-by-restore'"), std::string::npos) << r.err;
    for (const auto& p : added_outside(before, tree(), {"work/a/b"}))
        ADD_FAILURE() << "written outside the work folder: " << p;
    EXPECT_FALSE(fs::exists(tmp() / "work" / "escaped-by-restore.zip"));
}

TEST_F(HostileIdsTest, OneServerCannotPlantAnArchiveInAnotherProfilesFolder)
{
    // alpha is compromised: its list points into beta's folder with a date far ahead.
    HostileServer beta;
    beta.on("GET", k_ping, [](const HostileRequest&) {
        return HostileResponse::json(read_text(k_ping_fixture()));
    });
    beta.on("POST", k_snapshots, [](const HostileRequest&) { return HostileResponse::json("{}"); });
    serve_id("../beta/sso-snapshot-2099-01-01-00_00_00");
    std::string config;
    for (const auto& [name, u] :
         {std::pair<std::string, std::string>{"alpha", m_server->url()}, {"beta", beta.url()}}) {
        config += "[profile " + name + "]\nurl = " + u +
                  "\nuser = admin\ntoken-file = " + m_token.string() + "\n";
    }
    const auto file = tmp() / "home" / ".config" / "ssosnap" / "config";
    write_text(file, config);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    const auto to = tmp() / "backups";
    fs::create_directories(to / "beta");
    const auto before = tree();
    auto r = run({"backup", "--all-profiles", "--to", to.string(), "--retries", "0", "--json"});
    EXPECT_EQ(r.status, 4) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out;
    EXPECT_EQ(doc["profiles"][0]["profile"], "alpha") << r.out;
    EXPECT_NE(doc["profiles"][0]["error"].get<std::string>().find(
                  "unsafe snapshot id '../beta/sso-snapshot-2099-01-01-00_00_00'"),
              std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(to / "beta" / "sso-snapshot-2099-01-01-00_00_00.zip"));
    // Nothing is new: a profile whose backup failed leaves no folder of its own behind.
    EXPECT_EQ(added_outside(before, tree(), {}), std::vector<std::string>{}) << r.out;
}

}  // namespace
}  // namespace ssosnap::loopback
