// remote prune against the emulator: prune's rules over the server's snapshots, counted with
// `remote list` before and after. Snapshots ssosnap did not make are never touched unless
// --include-foreign, the newest safety snapshot never, --dry-run removes nothing, every kept
// snapshot says which rule keeps it, and a server without the delete endpoint is one error.

#include "workflow_support.hpp"

#include <algorithm>
#include <atomic>
#include <map>

namespace ssosnap::loopback
{
namespace
{

class RemotePruneTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start([this](emulator::EmulatorOptions& o) {
            // 3 s per reading: every snapshot has its own name and time, in creation order.
            o.now = [t = m_clock] { return t->fetch_add(3000); };
            o.transfer = m_transfer;
        });
    }

    /// `remote create --description TEXT`; returns the new id.
    std::string create(const std::string& description)
    {
        auto r = run_admin({"remote", "create", "--description", description, "--retries", "0"});
        EXPECT_EQ(r.status, 0) << r.err;
        return r.out.substr(0, r.out.find('\n'));
    }

    /// id → description of every snapshot `remote list` shows.
    std::map<std::string, std::string> listed()
    {
        auto r = run_admin({"remote", "list", "--json"});
        EXPECT_EQ(r.status, 0) << r.err;
        std::map<std::string, std::string> out;
        const auto doc = nlohmann::json::parse(r.out);
        for (const auto& s : doc["snapshots"])
            out[s["id"]] = s.value("description", "");
        return out;
    }

    /// The server holds, oldest first: a vendor upgrade backup, an admin's own snapshot, two
    /// safety snapshots, four backups by ssosnap (one with a text of its own).
    void populate()
    {
        m_vendor = create("Backup before upgrade of config from version 6.2.0 to 6.3.0");
        m_admin = create("before the IdP change");
        m_safety_old = create("ssosnap safety snapshot before restoring sso-snapshot-2026-01-01-"
                              "00_00_00 (18c2f4a1b3e-5f3a9c21)");
        m_backups.push_back(create("ssosnap backup 18c2f4a1b3f-00000001"));
        m_safety_new = create("ssosnap safety snapshot before restoring sso-snapshot-2026-01-02-"
                              "00_00_00 (18c2f4a1b40-5f3a9c22)");
        for (const char* d :
             {"nightly (ssosnap 18c2f4a1b41-00000002)", "ssosnap backup 18c2f4a1b42-00000003",
              "ssosnap backup 18c2f4a1b43-00000004"})
            m_backups.push_back(create(d));
    }

    /// The kept/removed entry of `id` in a --json answer; null when absent.
    static nlohmann::json entry(const nlohmann::json& doc, const char* list, const std::string& id)
    {
        for (const auto& e : doc[list]) {
            if (e["id"] == id) return e;
        }
        return nullptr;
    }

    std::shared_ptr<std::atomic<std::int64_t>> m_clock =
        std::make_shared<std::atomic<std::int64_t>>(1795000000000);
    bool m_transfer = true;
    std::string m_vendor, m_admin, m_safety_old, m_safety_new;
    std::vector<std::string> m_backups;  ///< oldest first
};

TEST_F(RemotePruneTest, DryRunRemovesNothingAndSaysWhichRuleKeepsEach)
{
    populate();
    const auto before = listed();
    ASSERT_EQ(before.size(), 8u);

    auto r = run_admin({"remote", "prune", "--keep-last", "2", "--dry-run", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(listed(), before);
    EXPECT_EQ(count_requests("delete"), 0);
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["dry_run"], true);
    EXPECT_EQ(entry(doc, "kept", m_backups[3])["reasons"], nlohmann::json::array({"last 1"}));
    EXPECT_EQ(entry(doc, "kept", m_backups[2])["reasons"], nlohmann::json::array({"last 2"}));
    EXPECT_EQ(entry(doc, "kept", m_admin)["reasons"],
              nlohmann::json::array({"not made by ssosnap"}));
    EXPECT_EQ(entry(doc, "kept", m_vendor)["reasons"],
              nlohmann::json::array({"not made by ssosnap"}));
    EXPECT_EQ(entry(doc, "kept", m_safety_new)["reasons"],
              nlohmann::json::array({"newest safety snapshot"}));
    EXPECT_EQ(entry(doc, "kept", m_safety_old)["reasons"],
              nlohmann::json::array({"protected safety snapshot"}));
    EXPECT_EQ(entry(doc, "removed", m_backups[1])["removed"], false);
    EXPECT_EQ(entry(doc, "removed", m_backups[0])["removed"], false);
    EXPECT_EQ(doc["removed"].size(), 2u);

    auto text = run_admin({"remote", "prune", "--keep-last", "2", "--dry-run"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("dry run: would keep 6, would remove 2 of 8 snapshots"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("would remove"), std::string::npos);
}

TEST_F(RemotePruneTest, RemovesOnlyWhatSsosnapMadeAndTheRulesDoNotKeep)
{
    populate();
    auto r = run_admin({"remote", "prune", "--keep-last", "2"});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    const auto after = listed();
    EXPECT_EQ(after.size(), 6u);
    EXPECT_EQ(after.count(m_backups[0]), 0u);
    EXPECT_EQ(after.count(m_backups[1]), 0u);
    for (const auto& id :
         {m_vendor, m_admin, m_safety_old, m_safety_new, m_backups[2], m_backups[3]})
        EXPECT_EQ(after.count(id), 1u) << id;
    EXPECT_EQ(count_requests("delete"), 2);
    EXPECT_NE(r.out.find("kept 6, removed 2 of 8 snapshots"), std::string::npos) << r.out;
}

TEST_F(RemotePruneTest, IncludeProtectedNeverTakesTheNewestSafetySnapshot)
{
    populate();
    auto r = run_admin({"remote", "prune", "--keep-last", "1", "--include-protected", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto after = listed();
    EXPECT_EQ(after.count(m_safety_new), 1u);
    EXPECT_EQ(after.count(m_safety_old), 0u);
    EXPECT_EQ(after.count(m_backups[3]), 1u);
    EXPECT_EQ(after.count(m_vendor), 1u);
    EXPECT_EQ(after.count(m_admin), 1u);
    EXPECT_EQ(after.size(), 4u);
}

TEST_F(RemotePruneTest, IncludeForeignPutsOtherSnapshotsUnderTheRules)
{
    populate();
    auto r = run_admin({"remote", "prune", "--keep-last", "3", "--include-foreign"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto after = listed();
    // The admin's own snapshot is now under the rules and too old; the vendor's upgrade
    // backup stays protected, the newest safety snapshot stays.
    EXPECT_EQ(after.count(m_admin), 0u);
    EXPECT_EQ(after.count(m_vendor), 1u);
    EXPECT_EQ(after.count(m_safety_new), 1u);
    EXPECT_EQ(after.count(m_safety_old), 1u);
    EXPECT_EQ(after.count(m_backups[0]), 0u);
    EXPECT_EQ(after.size(), 6u);
}

TEST_F(RemotePruneTest, WithoutARuleNothingIsAskedOfTheServer)
{
    populate();
    const auto before = listed();
    auto r = run_admin({"remote", "prune"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("no --keep-* rule"), std::string::npos) << r.err;
    EXPECT_EQ(listed(), before);
}

class RemotePruneNoDeleteTest : public RemotePruneTest
{
protected:
    void SetUp() override
    {
        m_transfer = false;
        RemotePruneTest::SetUp();
    }
};

TEST_F(RemotePruneNoDeleteTest, AServerWithoutDeleteIsOneErrorAndNothingMore)
{
    populate();
    const auto before = listed();
    auto r = run_admin({"remote", "prune", "--keep-last", "1"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(count_requests("delete"), 1);  // the first refusal ends the run
    EXPECT_EQ(listed(), before);
    const std::string error = "ssosnap: error: remote prune: the server has no snapshot delete";
    const auto at = r.err.find(error);
    ASSERT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("ssosnap: error:", at + 1), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
