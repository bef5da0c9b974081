#include "cli/profile.hpp"

#include "core/files.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sys/stat.h>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

EnvReader env_of(const std::map<std::string, std::string>& vars)
{
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

class TempDir
{
public:
    TempDir()
    {
        std::string tmpl = (fs::temp_directory_path() / "ssosnap-profile-XXXXXX").string();
        m_path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { fs::remove_all(m_path); }
    fs::path file(const std::string& name, const std::string& text, fs::perms mode) const
    {
        auto p = m_path / name;
        std::ofstream(p) << text;
        fs::permissions(p, mode);
        return p;
    }

private:
    fs::path m_path;
};

constexpr auto k_private = fs::perms::owner_read | fs::perms::owner_write;
constexpr auto k_shared = k_private | fs::perms::group_read | fs::perms::others_read;

TEST(ProfileTest, ParsesProfilesWithCommentsAndSpaces)
{
    auto config = parse_profiles("# servers\n[profile prod]\nurl = https://jira.example.test\n"
                                 "  user=bot \n; other\n[ profile test ]\nauth = bearer\n"
                                 "token-file = /t\ncacert = /ca.pem\npassword-file = /p\n",
                                 "config");
    ASSERT_TRUE(config) << config.error().message;
    ASSERT_EQ(config->profiles.size(), 2U);
    const auto* prod = find_profile(*config, "prod");
    ASSERT_NE(prod, nullptr);
    EXPECT_EQ(prod->url, "https://jira.example.test");
    EXPECT_EQ(prod->user, "bot");
    const auto* test = find_profile(*config, "test");
    ASSERT_NE(test, nullptr);
    EXPECT_EQ(test->auth, "bearer");
    EXPECT_EQ(test->token_file, "/t");
    EXPECT_EQ(test->cacert, "/ca.pem");
    EXPECT_EQ(test->password_file, "/p");
    EXPECT_EQ(find_profile(*config, "staging"), nullptr);
}

TEST(ProfileTest, RefusesASecretValueInTheFile)
{
    auto config = parse_profiles("[profile prod]\npassword = hunter2\n", "cfg");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().code, core::Errc::usage);
    EXPECT_NE(config.error().message.find("cfg:2:"), std::string::npos);
    EXPECT_EQ(config.error().message.find("hunter2"), std::string::npos);
}

TEST(ProfileTest, RejectsUnknownKeysKeysOutsideSectionsAndDuplicates)
{
    EXPECT_FALSE(parse_profiles("[profile a]\nurll = x\n", "c"));
    EXPECT_FALSE(parse_profiles("url = x\n", "c"));
    EXPECT_FALSE(parse_profiles("[profile a]\n[profile a]\n", "c"));
    EXPECT_FALSE(parse_profiles("[server a]\n", "c"));
    EXPECT_FALSE(parse_profiles("[profile a]\njust words\n", "c"));
}

TEST(ProfileTest, ReadsTheAgeKeysWithRepeatedRecipientsAndIdentities)
{
    auto config = parse_profiles("[profile prod]\nurl = https://jira.example.test\n"
                                 "encrypt-to = age1first\nencrypt-to = ssh-ed25519 AAAA key\n"
                                 "recipients-file = /etc/ssosnap/recipients\n"
                                 "identity = /offline/a.txt\nidentity = /offline/b.txt\n"
                                 "age-program = /opt/age/bin/age\n[profile test]\n",
                                 "config");
    ASSERT_TRUE(config) << config.error().message;
    const auto* prod = find_profile(*config, "prod");
    ASSERT_NE(prod, nullptr);
    EXPECT_EQ(prod->encrypt_to, (std::vector<std::string>{"age1first", "ssh-ed25519 AAAA key"}));
    EXPECT_EQ(prod->recipients_file, std::vector<std::string>{"/etc/ssosnap/recipients"});
    EXPECT_EQ(prod->identity, (std::vector<std::string>{"/offline/a.txt", "/offline/b.txt"}));
    EXPECT_EQ(prod->age_program, "/opt/age/bin/age");
    const auto* test = find_profile(*config, "test");
    ASSERT_NE(test, nullptr);
    EXPECT_TRUE(test->encrypt_to.empty());
    EXPECT_TRUE(test->identity.empty());
    EXPECT_TRUE(test->age_program.empty());
}

TEST(ProfileTest, RefusesPrivateKeyMaterialAsAValueWithoutEchoingIt)
{
    const std::string age_key =
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
    for (const std::string key : {"identity", "encrypt-to", "recipients-file"}) {
        for (const std::string& value : {age_key, std::string("age-secret-key-1lowercase"),
                                         std::string("AGE-PLUGIN-YUBIKEY-1ABCDEF"),
                                         std::string("-----BEGIN OPENSSH PRIVATE KEY-----")}) {
            std::string text = "[profile p]\n";
            text.append(key).append(" = ").append(value).append("\n");
            auto config = parse_profiles(text, "cfg");
            ASSERT_FALSE(config) << key << " = " << value;
            EXPECT_EQ(config.error().code, core::Errc::usage);
            EXPECT_NE(config.error().message.find("cfg:2:"), std::string::npos);
            EXPECT_NE(config.error().message.find("private key material"), std::string::npos);
            EXPECT_EQ(config.error().message.find(value), std::string::npos);
        }
    }
}

TEST(ProfileTest, WarnsWhenAnIdentityFileIsNotPrivate)
{
    TempDir dir;
    auto identity = dir.file("identity.txt", "# test\n", k_shared);
    auto cfg = dir.file("config", "[profile p]\nidentity = " + identity.string() + "\n", k_private);
    auto config = load_profiles(cfg, true);
    ASSERT_TRUE(config);
    auto warnings = permission_warnings(*config);
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_EQ(warnings[0], "profile 'p': '" + identity.string() +
                               "' holds a secret and others can read it; chmod 600 it");
    fs::permissions(identity, k_private);
    EXPECT_TRUE(permission_warnings(*config).empty());
}

TEST(ProfileTest, ConfigPathPrefersFlagThenXdgThenHome)
{
    auto both = env_of({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}});
    EXPECT_EQ(config_path(both, "/given"), fs::path("/given"));
    EXPECT_EQ(config_path(both, ""), fs::path("/x/ssosnap/config"));
    EXPECT_EQ(config_path(env_of({{"HOME", "/h"}}), ""), fs::path("/h/.config/ssosnap/config"));
    EXPECT_TRUE(config_path(env_of({}), "").empty());
}

TEST(ProfileTest, MissingFileIsEmptyUnlessRequired)
{
    TempDir dir;
    auto missing = dir.file("x", "", k_private).parent_path() / "absent";
    auto empty = load_profiles(missing, false);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->profiles.empty());
    auto required = load_profiles(missing, true);
    ASSERT_FALSE(required);
    EXPECT_EQ(required.error().code, core::Errc::input);
}

TEST(ProfileTest, WarnsWhenSharedConfigPointsAtASecretFile)
{
    TempDir dir;
    auto token = dir.file("token", "secret\n", k_private);
    auto cfg = dir.file("config", "[profile p]\ntoken-file = " + token.string() + "\n", k_shared);
    auto config = load_profiles(cfg, true);
    ASSERT_TRUE(config);
    auto warnings = permission_warnings(*config);
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_NE(warnings[0].find("readable by others"), std::string::npos);
    fs::permissions(cfg, k_private);
    EXPECT_TRUE(permission_warnings(*config).empty());
}

TEST(ProfileTest, WarnsWhenATokenFileIsNotPrivate)
{
    TempDir dir;
    auto token = dir.file("token", "secret\n", k_shared);
    auto cfg = dir.file("config", "[profile p]\ntoken-file = " + token.string() + "\n", k_private);
    auto config = load_profiles(cfg, true);
    ASSERT_TRUE(config);
    auto warnings = permission_warnings(*config);
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_NE(warnings[0].find("chmod 600"), std::string::npos);
    EXPECT_EQ(warnings[0].find("secret\n"), std::string::npos);
}

TEST(ProfileTest, WarnsWhenAPasswordFileIsReadableByTheGroup)
{
    TempDir dir;
    auto password = dir.file("password", "hunter2\n", k_private | fs::perms::group_read);
    auto cfg =
        dir.file("config", "[profile q]\npassword-file = " + password.string() + "\n", k_private);
    auto config = load_profiles(cfg, true);
    ASSERT_TRUE(config);
    auto warnings = permission_warnings(*config);
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_EQ(warnings[0], "profile 'q': '" + password.string() +
                               "' holds a secret and others can read it; chmod 600 it");
}

TEST(ProfileTest, SharedConfigWithoutSecretFilesIsFine)
{
    TempDir dir;
    auto cfg = dir.file("config", "[profile p]\nurl = https://a.example.test\n", k_shared);
    auto config = load_profiles(cfg, true);
    ASSERT_TRUE(config);
    EXPECT_TRUE(permission_warnings(*config).empty());
}

}  // namespace
}  // namespace ssosnap::cli
