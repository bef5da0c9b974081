#include "rest/paths.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::rest;

TEST(PathsTest, DefaultsAreTheDocumentedAndAssumedPaths)
{
    ApiPaths p;
    EXPECT_EQ(ping_path(p), "/rest/ksso/api/info/1.0/ping");
    EXPECT_EQ(snapshots_path(p), "/rest/ksso/api/snapshot/1.0/config/snapshot/");
    EXPECT_EQ(
        restore_path(p, "sso-snapshot-2022-01-04-13_17_04"),
        "/rest/ksso/api/snapshot/1.0/config/snapshot/restore/sso-snapshot-2022-01-04-13_17_04");
    EXPECT_EQ(tokens_path(p), "/rest/ksso/api/apitokens/3.0/user/tokens");
    EXPECT_EQ(expand_path(p.download, p.snapshot_version, "x"),
              "/rest/ksso/api/snapshot/1.0/config/snapshot/x/download");
    EXPECT_TRUE(validate_paths(p));
}

TEST(PathsTest, VersionSegmentsAreOverridable)
{
    ApiPaths p;
    p.snapshot_version = "2.0";
    p.tokens_version = "4.0";
    EXPECT_EQ(snapshots_path(p), "/rest/ksso/api/snapshot/2.0/config/snapshot/");
    EXPECT_EQ(tokens_path(p), "/rest/ksso/api/apitokens/4.0/user/tokens");
    EXPECT_EQ(expand_path(p.token_revoke, p.tokens_version, "7"),
              "/rest/ksso/api/apitokens/4.0/user/tokens/7");
}

TEST(PathsTest, EscapesIdsInTemplates)
{
    EXPECT_EQ(expand_path("/x/{id}", "1.0", "../a b"), "/x/..%2Fa%20b");
}

TEST(PathsTest, RejectsTemplatesWithoutIdOrSlash)
{
    ApiPaths p;
    p.download = "/rest/x/download";
    auto r = validate_paths(p);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("--download-path"), std::string::npos);
    ApiPaths q;
    q.upload = "rest/upload";
    EXPECT_FALSE(validate_paths(q));
    ApiPaths v;
    v.tokens_version = "3.0/../x";
    EXPECT_FALSE(validate_paths(v));
}
