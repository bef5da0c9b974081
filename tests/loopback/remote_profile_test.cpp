// Connection profiles against a real emulator: "ssosnap --profile prod remote list" with
// the config file found through a temporary HOME / XDG_CONFIG_HOME.

#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteProfileTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();
        m_token = make_token();
        m_password = tmp() / "admin.password";
        write_text(m_password, std::string(k_admin_password) + "\n");
        fs::permissions(m_password, fs::perms::owner_read | fs::perms::owner_write);
    }

    /// Writes $XDG_CONFIG_HOME/ssosnap/config (mode 0600) and returns its path.
    fs::path write_config(const std::string& text)
    {
        auto file = tmp() / "home" / ".config" / "ssosnap" / "config";
        write_text(file, text);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
        return file;
    }

    std::string prod_profile() const
    {
        return "[profile prod]\nurl = " + url() +
               "\nuser = admin\ntoken-file = " + m_token.string() + "\n";
    }

    fs::path m_token;
    fs::path m_password;
};

TEST_F(RemoteProfileTest, ProfileBeforeTheSubcommand)
{
    write_config(prod_profile());
    auto r = run({"--profile", "prod", "remote", "list", "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST_F(RemoteProfileTest, ProfileAfterTheSubcommand)
{
    write_config(prod_profile());
    auto r = run({"remote", "list", "--profile", "prod"});
    EXPECT_EQ(r.status, 0) << r.err;
    auto t = run({"tokens", "list", "--profile", "prod"});
    EXPECT_EQ(t.status, 0) << t.err;
}

TEST_F(RemoteProfileTest, ProfileFromEnvironment)
{
    write_config(prod_profile());
    ::setenv("SSOSNAP_PROFILE", "prod", 1);
    auto r = run({"remote", "ping"});
    ::unsetenv("SSOSNAP_PROFILE");
    EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(RemoteProfileTest, HomeConfigWhenXdgIsUnset)
{
    ::unsetenv("XDG_CONFIG_HOME");
    write_config(prod_profile());  // tmp/home/.config/ssosnap/config = $HOME/.config/...
    auto r = run({"--profile", "prod", "remote", "ping"});
    EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(RemoteProfileTest, ExplicitConfigFileAndPasswordFile)
{
    const auto file = tmp() / "elsewhere.conf";
    write_text(file, "[profile pw]\nurl = " + url() +
                         "\nuser = admin\npassword-file = " + m_password.string() + "\n");
    auto r = run({"--config", file.string(), "--profile", "pw", "remote", "list"});
    EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(RemoteProfileTest, FlagsAndEnvironmentOverrideTheProfile)
{
    // The profile points at a port nothing listens on and names a user without rights.
    write_config("[profile prod]\nurl = http://127.0.0.1:1\nuser = alice\ntoken-file = " +
                 m_token.string() + "\n");
    auto flags = run({"--profile", "prod", "remote", "list", "--url", url(), "--user", "admin"});
    EXPECT_EQ(flags.status, 0) << flags.err;
    ::setenv("SSOSNAP_URL", url().c_str(), 1);
    ::setenv("SSOSNAP_USER", "admin", 1);
    auto env = run({"--profile", "prod", "remote", "list"});
    ::unsetenv("SSOSNAP_URL");
    ::unsetenv("SSOSNAP_USER");
    EXPECT_EQ(env.status, 0) << env.err;
    auto profile_only = run({"--profile", "prod", "remote", "list", "--retries", "0"});
    EXPECT_EQ(profile_only.status, 4) << profile_only.err;
}

TEST_F(RemoteProfileTest, UnknownProfileIsAUsageErrorListingTheKnownOnes)
{
    write_config(prod_profile());
    auto r = run({"--profile", "staging", "remote", "list"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("staging"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("prod"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("list"), 0);
}

TEST_F(RemoteProfileTest, WarnsWhenAReadableConfigPointsAtASecret)
{
    auto file = write_config(prod_profile());
    fs::permissions(file, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    auto r = run({"--profile", "prod", "remote", "ping"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
}

TEST_F(RemoteProfileTest, WarnsWhenTheProfilesPasswordFileIsReadableByOthers)
{
    // The config itself is private; the password file it names is not.
    write_config("[profile pw]\nurl = " + url() +
                 "\nuser = admin\npassword-file = " + m_password.string() + "\n");
    fs::permissions(m_password, fs::perms::others_read, fs::perm_options::add);
    auto r = run({"--profile", "pw", "remote", "ping"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("warning: profile 'pw': '" + m_password.string() +
                         "' holds a secret and others can read it; chmod 600 it"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find(k_admin_password), std::string::npos) << r.err;
}

TEST_F(RemoteProfileTest, ASecretInTheConfigIsRefusedWithoutEchoingIt)
{
    write_config(prod_profile() + "password = " + k_admin_password + "\n");
    auto r = run({"--profile", "prod", "remote", "ping"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(count_requests("ping"), 0);
}

}  // namespace
}  // namespace ssosnap::loopback
