// Shell completion of remote snapshot ids (issue 8): with SSOSNAP_COMPLETE_REMOTE=1 and the
// connection in the environment, `ssosnap __complete remote download <partial>` asks the server.
#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteCompletionTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();
    }
    void TearDown() override
    {
        for (const char* v :
             {"SSOSNAP_COMPLETE_REMOTE", "SSOSNAP_URL", "SSOSNAP_USER", "SSOSNAP_PASSWORD"})
            ::unsetenv(v);
        RemoteLoopbackTest::TearDown();
    }

    /// Creates a snapshot on the server and returns its id.
    std::string create()
    {
        auto r = run_admin({"remote", "create", "--description", "completion test"});
        EXPECT_EQ(r.status, 0) << r.err;
        auto id = r.out.substr(0, r.out.find('\n'));
        EXPECT_EQ(id.rfind("sso-snapshot-", 0), 0u) << r.out;
        return id;
    }

    void use_environment()
    {
        ::setenv("SSOSNAP_URL", url().c_str(), 1);
        ::setenv("SSOSNAP_USER", "admin", 1);
        ::setenv("SSOSNAP_PASSWORD", k_admin_password, 1);
    }
};

TEST_F(RemoteCompletionTest, CompletesSnapshotIdsFromTheServerWhenEnabled)
{
    const auto id = create();
    const int before = count_requests("list");
    use_environment();
    ::setenv("SSOSNAP_COMPLETE_REMOTE", "1", 1);
    for (const char* command : {"download", "restore", "delete"}) {
        auto r = run({"__complete", "remote", command, "sso-snap"});
        EXPECT_EQ(r.status, 0);
        EXPECT_NE(r.out.find(id + "\n"), std::string::npos) << command << ": " << r.out;
    }
    auto none = run({"__complete", "remote", "download", "no-such-prefix"});
    EXPECT_EQ(none.out, "");
    EXPECT_EQ(count_requests("list"), before + 4);
}

TEST_F(RemoteCompletionTest, AsksNoServerUnlessEnabled)
{
    create();
    const int before = count_requests("list");
    use_environment();
    auto r = run({"__complete", "remote", "download", "sso-snap"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.find("sso-snapshot-"), std::string::npos) << r.out;
    EXPECT_EQ(count_requests("list"), before);
}

TEST_F(RemoteCompletionTest, AFailingServerCompletesNothingSilently)
{
    create();
    use_environment();
    ::setenv("SSOSNAP_PASSWORD", "wrong-password", 1);
    add_secret("wrong-password");
    ::setenv("SSOSNAP_COMPLETE_REMOTE", "1", 1);
    auto r = run({"__complete", "remote", "restore", ""});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace ssosnap::loopback
