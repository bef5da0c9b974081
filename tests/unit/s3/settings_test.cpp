#include "s3/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace ssosnap::s3
{
namespace
{

GetEnv env_of(std::map<std::string, std::string> vars)
{
    return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end() || it->second.empty()) return std::nullopt;
        return it->second;
    };
}

TEST(Settings, EnvironmentCredentialsAndAwsDefaults)
{
    auto s = resolve_settings({}, env_of({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                          {"AWS_SECRET_ACCESS_KEY", "secret"},
                                          {"AWS_REGION", "eu-north-1"}}));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->access_key, "AKIDEXAMPLE");
    EXPECT_EQ(s->region, "eu-north-1");
    EXPECT_EQ(s->endpoint, "https://s3.eu-north-1.amazonaws.com");
    EXPECT_FALSE(s->path_style);
}

TEST(Settings, AnIpEndpointIsPathStyle)
{
    auto s = resolve_settings({}, env_of({{"AWS_ACCESS_KEY_ID", "a"},
                                          {"AWS_SECRET_ACCESS_KEY", "b"},
                                          {"AWS_ENDPOINT_URL", "http://127.0.0.1:8080/"}}));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->endpoint, "http://127.0.0.1:8080");
    EXPECT_TRUE(s->path_style);
    Overrides flag;
    flag.endpoint = "https://rgw.example.test";
    s = resolve_settings(flag,
                         env_of({{"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}}));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->endpoint, "https://rgw.example.test");  // the flag wins
    EXPECT_FALSE(s->path_style);
}

TEST(Settings, ProfileFromTheSharedFiles)
{
    auto dir = std::filesystem::temp_directory_path() / "ssosnap-s3-settings-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "credentials")
        << "[default]\naws_access_key_id = D\naws_secret_access_key = "
           "d\n\n[backup]\naws_access_key_id = B\n"
           "aws_secret_access_key = b\naws_session_token = T\n";
    std::ofstream(dir / "config")
        << "[profile backup]\nregion = eu-west-1\nendpoint_url = "
           "https://minio.example.test\ns3 =\n  addressing_style = path\n";
    auto env = env_of({{"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()},
                       {"AWS_CONFIG_FILE", (dir / "config").string()},
                       {"AWS_PROFILE", "backup"}});
    auto s = resolve_settings({}, env);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->access_key, "B");
    EXPECT_EQ(s->session_token, "T");
    EXPECT_EQ(s->region, "eu-west-1");
    EXPECT_EQ(s->endpoint, "https://minio.example.test");
    EXPECT_TRUE(s->path_style);
}

TEST(Settings, NoCredentialsIsAUsageErrorWithoutValues)
{
    auto s = resolve_settings(
        {}, env_of({{"AWS_ACCESS_KEY_ID", "only-the-id"}, {"HOME", "/nonexistent"}}));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().id, "s3-no-credentials");
    EXPECT_EQ(s.error().code, core::Errc::usage);
    EXPECT_EQ(s.error().message.find("only-the-id"), std::string::npos);
}

TEST(Settings, BadEndpointRefused)
{
    Overrides o;
    o.endpoint = "ftp://x";
    auto s =
        resolve_settings(o, env_of({{"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}}));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().id, "s3-endpoint");
}

}  // namespace
}  // namespace ssosnap::s3
