// Injected server faults: idempotent requests are retried and succeed, a failed POST is
// reported (exit 4) and never sent twice.

#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteFaultsTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();
    }

    void plan(emulator::Endpoint endpoint, int first, int last, emulator::FaultKind kind)
    {
        m_emulator->add_faults({{endpoint, first, last, kind}});
    }
};

TEST_F(RemoteFaultsTest, ListRetriesThrough500sAndSucceeds)
{
    plan(emulator::Endpoint::list, 1, 2, emulator::FaultKind::http500);
    auto r = run_admin({"remote", "list", "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("retrying"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("list"), 3);
}

TEST_F(RemoteFaultsTest, PingRetriesAfterADroppedConnection)
{
    plan(emulator::Endpoint::ping, 1, 1, emulator::FaultKind::drop);
    auto r = run_admin({"remote", "ping"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(count_requests("ping"), 2);
}

TEST_F(RemoteFaultsTest, TokenListRetriesThrough503)
{
    plan(emulator::Endpoint::tokens_list, 1, 1, emulator::FaultKind::http503);
    auto r = run_admin({"tokens", "list"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(count_requests("tokens-list"), 2);
}

TEST_F(RemoteFaultsTest, RetriesAreBoundedThenExit4)
{
    plan(emulator::Endpoint::list, 1, 10, emulator::FaultKind::http500);
    auto r = run_admin({"remote", "list", "--retries", "1"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("500"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("list"), 2);
}

TEST_F(RemoteFaultsTest, FailedCreateIsExit4AndNotRetried)
{
    plan(emulator::Endpoint::create, 1, 1, emulator::FaultKind::http500);
    auto r = run_admin({"remote", "create", "--description", "will fail"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("500"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(count_requests("create"), 1);
}

TEST_F(RemoteFaultsTest, FailedTokenCreateSavesNothing)
{
    plan(emulator::Endpoint::tokens_create, 1, 1, emulator::FaultKind::http500);
    const auto file = tmp() / "never";
    auto r = run({"tokens", "create", "--save", file.string(), "--url", url(), "--user", "admin",
                  "--password-stdin"},
                 std::string(k_admin_password) + "\n");
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_EQ(count_requests("tokens-create"), 1);
}

TEST_F(RemoteFaultsTest, FailedRestoreIsExit4AndNotRetried)
{
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const auto id = created.out.substr(0, created.out.find('\n'));
    plan(emulator::Endpoint::restore, 1, 1, emulator::FaultKind::http500);
    auto r = run_admin({"remote", "restore", id, "--yes"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(count_requests("restore"), 1);
}

}  // namespace
}  // namespace ssosnap::loopback
