// backup --all-profiles / --profiles: three emulators backed up at once, one of them
// failing; the other two still succeed, one summary, a non-zero exit.

#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteBackupProfilesTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();  // "alpha"
        for (const char* name : {"beta", "gamma"}) {
            auto e = emulator::Emulator::start(default_options(tmp() / name));
            ASSERT_TRUE(e.has_value()) << e.error().message;
            m_more.push_back(std::move(*e));
        }
        // gamma's creates all fail (a POST is never retried).
        m_more[1]->add_faults({{emulator::Endpoint::create, 1, 100, emulator::FaultKind::http500}});
        const auto pw = tmp() / "admin.password";
        write_text(pw, std::string(k_admin_password) + "\n");
        fs::permissions(pw, fs::perms::owner_read | fs::perms::owner_write);
        std::string config;
        const std::pair<const char*, std::string> servers[] = {
            {"alpha", url()}, {"beta", m_more[0]->url()}, {"gamma", m_more[1]->url()}};
        for (const auto& [name, u] : servers) {
            config += std::string("[profile ") + name + "]\nurl = " + u +
                      "\nuser = admin\npassword-file = " + pw.string() + "\n";
        }
        const auto file = tmp() / "home" / ".config" / "ssosnap" / "config";
        write_text(file, config);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    }

    void TearDown() override
    {
        m_more.clear();
        RemoteLoopbackTest::TearDown();
    }

    std::vector<std::unique_ptr<emulator::Emulator>> m_more;
};

bool has_zip(const fs::path& dir)
{
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".zip") return true;
    }
    return false;
}

TEST_F(RemoteBackupProfilesTest, AllProfilesTwoSucceedOneFailsClearly)
{
    const auto to = tmp() / "backups";
    auto r = run({"backup", "--all-profiles", "--to", to.string(), "--parallel", "2", "--json"});
    EXPECT_EQ(r.status, 4) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out;
    ASSERT_EQ(doc["profiles"].size(), 3u) << r.out;
    EXPECT_EQ(doc["failed"], 1);
    EXPECT_EQ(doc["profiles"][0]["profile"], "alpha");
    EXPECT_EQ(doc["profiles"][0]["ok"], true);
    EXPECT_EQ(doc["profiles"][1]["ok"], true);
    EXPECT_EQ(doc["profiles"][2]["profile"], "gamma");
    EXPECT_EQ(doc["profiles"][2]["ok"], false);
    EXPECT_EQ(doc["profiles"][2]["exit_status"], 4);
    EXPECT_NE(doc["profiles"][2]["error"].get<std::string>().find("500"), std::string::npos);
    EXPECT_TRUE(has_zip(to / "alpha"));
    EXPECT_TRUE(has_zip(to / "beta"));
    EXPECT_FALSE(has_zip(to / "gamma"));
    EXPECT_FALSE(fs::exists(to / "gamma")) << "a failed profile leaves no empty folder";
}

TEST_F(RemoteBackupProfilesTest, ChosenProfilesTableAndExit0)
{
    const auto to = tmp() / "backups";
    auto r = run({"backup", "--profiles", "beta,alpha", "--to", to.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("PROFILE"), std::string::npos) << r.out;
    EXPECT_LT(r.out.find("beta"), r.out.find("alpha")) << r.out;
    EXPECT_TRUE(has_zip(to / "alpha"));
    EXPECT_TRUE(has_zip(to / "beta"));
    EXPECT_FALSE(fs::exists(to / "gamma"));
}

TEST_F(RemoteBackupProfilesTest, UnknownProfileIsAUsageError)
{
    auto r = run({"backup", "--profiles", "alpha,nope", "--to", (tmp() / "b").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
