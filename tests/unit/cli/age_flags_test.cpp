// age_options(): the age flags, SSOSNAP_AGE_IDENTITY and a profile's age keys, each setting by
// flag > environment > profile (docs/encryption.md, "Profiles").

#include "cli/age_flags.hpp"

#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace ssosnap::cli
{
namespace
{

using Paths = std::vector<std::filesystem::path>;
using Strings = std::vector<std::string>;

class AgeFlagsTest : public ::testing::Test
{
protected:
    AgeFlagsTest()
    {
        m_profile.name = "prod";
        m_profile.encrypt_to = {"age1profile", "ssh-ed25519 AAAAprofile"};
        m_profile.recipients_file = {"/profile/recipients"};
        m_profile.identity = {"/profile/a.txt", "/profile/b.txt"};
        m_profile.age_program = "/profile/age";
    }

    crypt::AgeOptions options(const AgeFlags& flags, const std::optional<Profile>& profile)
    {
        EnvReader env = [this](const std::string& n) -> std::optional<std::string> {
            auto it = m_env.find(n);
            if (it == m_env.end()) return std::nullopt;
            return it->second;
        };
        Context ctx{.in = m_in, .out = m_out, .err = m_err, .env = env};
        return age_options(ctx, flags, profile);
    }

    Profile m_profile;
    std::map<std::string, std::string> m_env;
    std::istringstream m_in;
    std::ostringstream m_out;
    std::ostringstream m_err;
};

TEST_F(AgeFlagsTest, TheProfileSuppliesEveryAgeSettingWhenNoFlagIsGiven)
{
    auto o = options({}, m_profile);
    EXPECT_EQ(o.recipients, (Strings{"age1profile", "ssh-ed25519 AAAAprofile"}));
    EXPECT_EQ(o.recipient_files, Paths{"/profile/recipients"});
    EXPECT_EQ(o.identities, (Paths{"/profile/a.txt", "/profile/b.txt"}));
    EXPECT_EQ(o.program, "/profile/age");
    EXPECT_TRUE(crypt::encrypts(o));
}

TEST_F(AgeFlagsTest, AnyRecipientFlagReplacesAllOfTheProfilesRecipients)
{
    AgeFlags to;
    to.encrypt_to = {"age1flag"};
    auto o = options(to, m_profile);
    EXPECT_EQ(o.recipients, Strings{"age1flag"});
    EXPECT_TRUE(o.recipient_files.empty());

    AgeFlags file;
    file.recipients_file = {"/flag/recipients"};
    auto f = options(file, m_profile);
    EXPECT_TRUE(f.recipients.empty());
    EXPECT_EQ(f.recipient_files, Paths{"/flag/recipients"});
}

TEST_F(AgeFlagsTest, IdentityFlagBeatsEnvironmentBeatsProfile)
{
    m_env["SSOSNAP_AGE_IDENTITY"] = "/env/id.txt";
    AgeFlags flag;
    flag.identity = {"/flag/id.txt"};
    EXPECT_EQ(options(flag, m_profile).identities, Paths{"/flag/id.txt"});
    EXPECT_EQ(options({}, m_profile).identities, Paths{"/env/id.txt"});
    m_env.clear();
    EXPECT_EQ(options({}, m_profile).identities, (Paths{"/profile/a.txt", "/profile/b.txt"}));
}

TEST_F(AgeFlagsTest, AgeProgramFlagBeatsProfile)
{
    AgeFlags flag;
    flag.age_program = "/flag/age";
    EXPECT_EQ(options(flag, m_profile).program, "/flag/age");
    EXPECT_EQ(options({}, m_profile).program, "/profile/age");
}

TEST_F(AgeFlagsTest, WithoutAProfileOnlyFlagsAndEnvironmentCount)
{
    m_env["SSOSNAP_AGE_IDENTITY"] = "/env/id.txt";
    auto o = options({}, std::nullopt);
    EXPECT_FALSE(crypt::encrypts(o));
    EXPECT_TRUE(o.program.empty());
    EXPECT_EQ(o.identities, Paths{"/env/id.txt"});
}

}  // namespace
}  // namespace ssosnap::cli
