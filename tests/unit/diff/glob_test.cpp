#include "diff/glob.hpp"

#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

TEST(GlobTest, StarStaysWithinOneFolder)
{
    EXPECT_TRUE(glob_match("kerberos/*.xml", "kerberos/idp.xml"));
    EXPECT_FALSE(glob_match("kerberos/*.xml", "kerberos/saml/idp.xml"));
}

TEST(GlobTest, DoubleStarCrossesFolders)
{
    EXPECT_TRUE(glob_match("kerberos/**.xml", "kerberos/saml/idp.xml"));
    EXPECT_TRUE(glob_match("**", "a/b/c"));
}

TEST(GlobTest, PatternWithoutSlashAlsoMatchesTheLastComponent)
{
    EXPECT_TRUE(glob_match("*.bak", "kerberos/old.bak"));
    EXPECT_TRUE(glob_match("settings.json", "settings.json"));
    EXPECT_FALSE(glob_match("*.bak", "kerberos/old.bak/x"));
}

TEST(GlobTest, QuestionMarkAndSets)
{
    EXPECT_TRUE(glob_match("idp?.xml", "idp1.xml"));
    EXPECT_FALSE(glob_match("idp?.xml", "idp10.xml"));
    EXPECT_TRUE(glob_match("idp[0-9].xml", "idp7.xml"));
    EXPECT_FALSE(glob_match("idp[!0-9].xml", "idp7.xml"));
    EXPECT_TRUE(glob_match("idp[ab].xml", "idpb.xml"));
    EXPECT_FALSE(glob_match("a?b", "a/b"));
}

}  // namespace
}  // namespace ssosnap::diff
