// resolve_connection(): which profile is used and the precedence flag > environment >
// profile, with an injected environment and temporary config files.

#include "cli/connection.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

class ConnectionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string tmpl = (fs::temp_directory_path() / "ssosnap-connection-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        m_env["XDG_CONFIG_HOME"] = (m_dir / "xdg").string();
        m_token = write("token", "TOKENVALUE\n");
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path write(const std::string& name, const std::string& text)
    {
        auto p = m_dir / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
        return p;
    }

    void write_config(const std::string& text) { write("xdg/ssosnap/config", text); }

    std::string prod() const
    {
        return "[profile prod]\nurl = https://prod.example.test\nuser = bot\nauth = basic\n"
               "token-file = " +
               m_token.string() + "\n";
    }

    core::Result<ResolvedConnection> resolve(const ConnectionFlags& flags)
    {
        m_err.str("");
        EnvReader env = [this](const std::string& n) -> std::optional<std::string> {
            auto it = m_env.find(n);
            if (it == m_env.end()) return std::nullopt;
            return it->second;
        };
        Context ctx{.in = m_in, .out = m_out, .err = m_err, .env = env};
        return resolve_connection(ctx, flags);
    }

    fs::path m_dir;
    fs::path m_token;
    std::map<std::string, std::string> m_env;
    std::istringstream m_in;
    std::ostringstream m_out;
    std::ostringstream m_err;
};

TEST_F(ConnectionTest, ProfileSuppliesEverySetting)
{
    write_config(prod());
    ConnectionFlags f;
    f.profile = "prod";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.base_url, "https://prod.example.test");
    EXPECT_EQ(r->client.credentials.user, "bot");
    EXPECT_EQ(r->client.credentials.secret, "TOKENVALUE");
    EXPECT_FALSE(r->client.credentials.is_password);
    EXPECT_EQ(r->client.credentials.scheme, rest::AuthScheme::basic);
    EXPECT_EQ(m_err.str(), "");
}

TEST_F(ConnectionTest, TheProfileItCameFromCarriesItsAgeKeys)
{
    write_config(prod() + "encrypt-to = age1prod\nidentity = /offline/prod.txt\n");
    ConnectionFlags f;
    f.profile = "prod";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->profile.has_value());
    EXPECT_EQ(r->profile->name, "prod");
    EXPECT_EQ(r->profile->encrypt_to, std::vector<std::string>{"age1prod"});
    EXPECT_EQ(r->profile->identity, std::vector<std::string>{"/offline/prod.txt"});

    ConnectionFlags none;
    none.url = "https://x.example.test";
    none.token_file = m_token.string();
    auto without = resolve(none);
    ASSERT_TRUE(without) << without.error().message;
    EXPECT_FALSE(without->profile.has_value());
}

TEST_F(ConnectionTest, EnvironmentNamesTheProfile)
{
    write_config(prod());
    m_env["SSOSNAP_PROFILE"] = "prod";
    auto r = resolve({});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.base_url, "https://prod.example.test");
}

TEST_F(ConnectionTest, FlagsBeatEnvironmentBeatProfile)
{
    write_config(prod());
    m_env["SSOSNAP_PROFILE"] = "prod";
    m_env["SSOSNAP_URL"] = "https://env.example.test";
    m_env["SSOSNAP_USER"] = "env-user";
    m_env["SSOSNAP_TOKEN"] = "ENVTOKEN";
    auto env = resolve({});
    ASSERT_TRUE(env) << env.error().message;
    EXPECT_EQ(env->client.base_url, "https://env.example.test");
    EXPECT_EQ(env->client.credentials.user, "env-user");
    EXPECT_EQ(env->client.credentials.secret, "ENVTOKEN");

    ConnectionFlags f;
    f.url = "https://flag.example.test";
    f.user = "flag-user";
    f.auth = "bearer";
    auto flags = resolve(f);
    ASSERT_TRUE(flags) << flags.error().message;
    EXPECT_EQ(flags->client.base_url, "https://flag.example.test");
    EXPECT_EQ(flags->client.credentials.user, "flag-user");
    EXPECT_EQ(flags->client.credentials.scheme, rest::AuthScheme::bearer);
}

TEST_F(ConnectionTest, FlagProfileBeatsEnvironmentProfile)
{
    write_config(prod() + "[profile test]\nurl = https://test.example.test\ntoken-file = " +
                 m_token.string() + "\n");
    m_env["SSOSNAP_PROFILE"] = "prod";
    ConnectionFlags f;
    f.profile = "test";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.base_url, "https://test.example.test");
    EXPECT_EQ(r->client.credentials.scheme, rest::AuthScheme::ksso_token);
}

TEST_F(ConnectionTest, HomeConfigWithoutXdg)
{
    m_env.erase("XDG_CONFIG_HOME");
    m_env["HOME"] = (m_dir / "home").string();
    write("home/.config/ssosnap/config", prod());
    ConnectionFlags f;
    f.profile = "prod";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.base_url, "https://prod.example.test");
}

TEST_F(ConnectionTest, ExplicitConfigFile)
{
    auto file = write("other.conf", prod());
    ConnectionFlags f;
    f.profile = "prod";
    f.config = file.string();
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.credentials.user, "bot");
}

TEST_F(ConnectionTest, PasswordFileGivesAPassword)
{
    auto pw = write("pw", "hunter2\n");
    write_config("[profile p]\nurl = https://p.example.test\nuser = u\npassword-file = " +
                 pw.string() + "\n");
    ConnectionFlags f;
    f.profile = "p";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.credentials.secret, "hunter2");
    EXPECT_TRUE(r->client.credentials.is_password);
}

TEST_F(ConnectionTest, UnknownProfileIsUsageErrorNamingTheKnownOnes)
{
    write_config(prod());
    ConnectionFlags f;
    f.profile = "staging";
    auto r = resolve(f);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::usage);
    EXPECT_NE(r.error().message.find("prod"), std::string::npos) << r.error().message;
}

TEST_F(ConnectionTest, MissingConfigForANamedProfileIsInputError)
{
    ConnectionFlags f;
    f.profile = "prod";
    auto r = resolve(f);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::input);
}

TEST_F(ConnectionTest, ConfigWithoutProfileIsUsageError)
{
    ConnectionFlags f;
    f.config = write("c", prod()).string();
    f.url = "https://x.example.test";
    auto r = resolve(f);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::usage);
}

TEST_F(ConnectionTest, NoProfileNamedReadsNoConfig)
{
    write_config("this is not a config file\n");
    ConnectionFlags f;
    f.url = "https://x.example.test";
    f.token_file = m_token.string();
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
}

TEST_F(ConnectionTest, ReadableConfigPointingAtASecretIsWarnedAbout)
{
    write_config(prod());
    fs::permissions(m_dir / "xdg/ssosnap/config", fs::perms::others_read, fs::perm_options::add);
    ConnectionFlags f;
    f.profile = "prod";
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_NE(m_err.str().find("readable by others"), std::string::npos) << m_err.str();
    EXPECT_EQ(m_err.str().find("TOKENVALUE"), std::string::npos);
}

TEST_F(ConnectionTest, TokenFileReadableByOthersIsWarnedAbout)
{
    fs::permissions(m_token, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    ConnectionFlags f;
    f.url = "https://x.example.test";
    f.token_file = m_token.string();
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.credentials.secret, "TOKENVALUE");
    const auto err = m_err.str();
    EXPECT_NE(err.find("ssosnap: warning: token file '" + m_token.string() +
                       "' can be read by other users; run chmod 600 on it"),
              std::string::npos)
        << err;
    EXPECT_EQ(err.find("TOKENVALUE"), std::string::npos);
}

TEST_F(ConnectionTest, PrivateTokenFileIsNotWarnedAbout)
{
    ConnectionFlags f;
    f.url = "https://x.example.test";
    f.token_file = m_token.string();  // 0600 (write() makes every file so)
    auto r = resolve(f);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(m_err.str(), "");
}

TEST_F(ConnectionTest, EnvironmentValuesAreTrimmed)
{
    m_env["SSOSNAP_URL"] = "https://x.example.test\n";
    m_env["SSOSNAP_TOKEN"] = "TOKEN\n";
    auto r = resolve({});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->client.credentials.secret, "TOKEN");
}

}  // namespace
}  // namespace ssosnap::cli
