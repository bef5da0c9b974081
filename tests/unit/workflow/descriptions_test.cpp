// Which snapshots ssosnap made, told by their descriptions: what remote prune may touch.
#include "workflow/descriptions.hpp"

#include <gtest/gtest.h>

namespace ssosnap::workflow
{
namespace
{

TEST(DescriptionsTest, RecognisesEveryDescriptionSsosnapWrites)
{
    const auto stamp = unique_stamp(1795000000000);
    EXPECT_TRUE(made_by_ssosnap(backup_description("", stamp)));
    EXPECT_TRUE(made_by_ssosnap(backup_description("before upgrade to 9.12", stamp)));
    EXPECT_TRUE(made_by_ssosnap(safety_description("sso-snapshot-2026-01-01-00_00_00", stamp)));
    EXPECT_TRUE(made_by_ssosnap(check_description("sso-snapshot-2026-01-01-00_00_00", stamp)));
    EXPECT_TRUE(made_by_ssosnap("ssosnap remote create " + stamp));
}

TEST(DescriptionsTest, LeavesOtherDescriptionsAlone)
{
    for (const char* d : {"", "before the IdP change", "nightly (ssosnap)",
                          "Backup before upgrade of config from version 6.2.0 to 6.3.0",
                          "ssosnap backup", "ssosnap backup today",
                          "my copy (ssosnap 18c2f4a1b3e-5f3a9c2)",   // 7 hex digits after '-'
                          "my copy (ssosnap 18C2F4A1B3E-5F3A9C21)",  // not as unique_stamp writes
                          "ssosnap-like (18c2f4a1b3e-5f3a9c21)",     // not "ssosnap ..."
                          "an admin's (18c2f4a1b3e-5f3a9c21)", "(ssosnap 18c2f4a1b3e-5f3a9c21)"})
        EXPECT_FALSE(made_by_ssosnap(d)) << d;
}

TEST(DescriptionsTest, CheckSnapshotsAreNotProtected)
{
    EXPECT_EQ(protection_of(check_description("sso-snapshot-2026-01-01-00_00_00", "s")),
              Protection::none);
}

}  // namespace
}  // namespace ssosnap::workflow
