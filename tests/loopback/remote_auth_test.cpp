// Every authentication scheme, and the 401 / 403 answers (exit 5, with a message naming
// the scheme, the user and what the server said).

#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteAuthTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();
    }

    /// The authentication scheme of each logged request to `endpoint`, in order (the
    /// emulator logs the scheme it saw, never the credentials).
    std::vector<std::string> schemes(const std::string& endpoint) const
    {
        std::vector<std::string> out;
        for (const auto& r : requests())
            if (r.value("endpoint", "") == endpoint) out.push_back(r.value("auth", "?"));
        return out;
    }
};

TEST_F(RemoteAuthTest, BasicWithPasswordOnStdin)
{
    auto r = run_admin({"remote", "list"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(schemes("list"), std::vector<std::string>{"basic"});
}

TEST_F(RemoteAuthTest, BasicWithPasswordFromEnvironment)
{
    ::setenv("SSOSNAP_URL", url().c_str(), 1);
    ::setenv("SSOSNAP_USER", "admin", 1);
    ::setenv("SSOSNAP_PASSWORD", k_admin_password, 1);
    auto r = run({"remote", "list"});
    ::unsetenv("SSOSNAP_PASSWORD");
    EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(RemoteAuthTest, BasicWithUserAndToken)
{
    auto token = make_token();
    auto r =
        run({"remote", "list", "--url", url(), "--user", "admin", "--token-file", token.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(schemes("list"), std::vector<std::string>{"basic"});
}

TEST_F(RemoteAuthTest, KssoTokenIsTheDefaultWithoutAUser)
{
    auto token = make_token();
    auto r = run({"remote", "list", "--url", url(), "--token-file", token.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    auto stdin_token =
        run({"remote", "list", "--url", url(), "--auth", "ksso-token", "--token-stdin"},
            read_text(token));
    EXPECT_EQ(stdin_token.status, 0) << stdin_token.err;
    EXPECT_EQ(schemes("list"), (std::vector<std::string>{"ksso-token", "ksso-token"}));
}

TEST_F(RemoteAuthTest, BearerToken)
{
    auto token = make_token();
    ::setenv("SSOSNAP_TOKEN", read_text(token).c_str(), 1);
    auto r = run({"remote", "list", "--url", url(), "--auth", "bearer"});
    ::unsetenv("SSOSNAP_TOKEN");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(schemes("list"), std::vector<std::string>{"bearer"});
}

TEST_F(RemoteAuthTest, WrongPasswordIsExit5NamingSchemeUserAndLoginReason)
{
    auto r = run({"remote", "list", "--url", url(), "--user", "admin", "--password-stdin"},
                 "not-the-password\n");
    add_secret("not-the-password");
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(r.err.find("basic"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("admin"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("X-Seraph-LoginReason: AUTHENTICATED_FAILED"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST_F(RemoteAuthTest, UnknownTokenIsExit5NamingTheScheme)
{
    const std::string bogus(128, 'A');
    add_secret(bogus);
    const auto file = tmp() / "bogus-token";
    write_text(file, bogus + "\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    for (const char* scheme : {"ksso-token", "bearer"}) {
        auto r = run({"remote", "list", "--url", url(), "--auth", scheme, "--token-file",
                      file.string(), "--json"});
        EXPECT_EQ(r.status, 5) << scheme;
        EXPECT_NE(r.err.find(scheme), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("AUTHENTICATED_FAILED"), std::string::npos) << r.err;
    }
}

TEST_F(RemoteAuthTest, NonAdministratorGets403AsExit5NamingTheUser)
{
    auto r = run({"remote", "list", "--url", url(), "--user", "alice", "--password-stdin"},
                 std::string(k_alice_password) + "\n");
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(r.err.find("alice"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("403"), std::string::npos) << r.err;
}

TEST_F(RemoteAuthTest, NonAdministratorMayManageOwnTokens)
{
    auto token = make_token("alice", "alice-token");
    auto r = run({"tokens", "list", "--url", url(), "--user", "alice", "--token-file",
                  token.string(), "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("alice-token"), std::string::npos) << r.out;
}

TEST_F(RemoteAuthTest, TokenFileReadableByOthersIsWarnedAbout)
{
    auto token = make_token();
    fs::permissions(token, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    auto r = run({"remote", "ping", "--url", url(), "--token-file", token.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
}

TEST_F(RemoteAuthTest, MissingCredentialsIsAUsageError)
{
    auto r = run({"remote", "list", "--url", url()});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(count_requests("list"), 0);
}

}  // namespace
}  // namespace ssosnap::loopback
