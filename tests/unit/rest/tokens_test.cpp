#include "rest/tokens.hpp"

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace ssosnap::rest;
using ssosnap::rest::testing::api_fixture;

TEST(TokensTest, ParsesAdminViewWithStringDaysAndNever)
{
    auto list = parse_token_list(api_fixture("tokens-admin.json"));
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_TRUE(list->admin_view);
    ASSERT_EQ(list->tokens.size(), 3U);
    const auto& t = list->tokens[0];
    EXPECT_EQ(t.id, 67);
    EXPECT_EQ(t.name, "Example name");
    EXPECT_EQ(t.description, "CI pipeline");
    EXPECT_EQ(t.username, "admin");
    EXPECT_EQ(t.days_until_expiry, 29);  // sent as the string "29"
    EXPECT_EQ(t.millis_until_expiry, 2591940000);
    EXPECT_EQ(t.created_at_millis, 1641368491000);
    EXPECT_FALSE(t.never_expires);
    EXPECT_TRUE(list->tokens[1].never_expires);
    EXPECT_FALSE(list->tokens[1].expires_at_millis);
    EXPECT_FALSE(list->tokens[1].days_until_expiry);
}

TEST(TokensTest, ToleratesRecordWithoutId)
{
    auto list = parse_token_list(api_fixture("tokens-admin.json"));
    ASSERT_TRUE(list);
    EXPECT_FALSE(list->tokens[2].id);
    EXPECT_EQ(list->tokens[2].name, "old record");
}

TEST(TokensTest, ParsesUserViewAsPlainArray)
{
    auto list = parse_token_list(api_fixture("tokens-user.json"));
    ASSERT_TRUE(list);
    EXPECT_FALSE(list->admin_view);
    ASSERT_EQ(list->tokens.size(), 1U);
    EXPECT_EQ(list->tokens[0].username, "bob");
}

TEST(TokensTest, Applies570QuirkNameInDescription)
{
    auto list = parse_token_list(api_fixture("tokens-admin-5.7.0.json"));
    ASSERT_TRUE(list);
    const auto& t = list->tokens.at(0);
    EXPECT_EQ(t.name, "Example name");
    EXPECT_TRUE(t.name_from_description);
    EXPECT_EQ(t.description, "");
}

TEST(TokensTest, RejectsObjectWithoutAllApiTokens)
{
    auto list = parse_token_list(R"({"tokens":[]})");
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().id, "bad-response");
}

TEST(TokensTest, ParsesCreatedTokenAndKeepsSecretOutOfRecord)
{
    auto c = parse_created_token(api_fixture("token-created.json"));
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->api_token.size(), 128U);
    EXPECT_EQ(c->valid_for_days, "180");
    EXPECT_EQ(c->token.id, 67);
    EXPECT_EQ(c->token.expires_at_millis, 1656865644754);
    EXPECT_EQ(c->token.name, "Example name");
}

TEST(TokensTest, ParsesForeverCreatedToken)
{
    auto c = parse_created_token(api_fixture("token-created-forever.json"));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->valid_for_days, "Forever");
    EXPECT_TRUE(c->token.never_expires);
    EXPECT_FALSE(c->token.expires_at_millis);
}

TEST(TokensTest, RejectsCreationAnswerWithoutToken)
{
    EXPECT_FALSE(parse_created_token(R"({"tokenName":"x","id":1})"));
}

TEST(TokensTest, WritesRequestInDocumentedShape)
{
    EXPECT_EQ(token_request_json({}), "{}");
    TokenRequest days{"Example name", "d", 180, false};
    EXPECT_EQ(token_request_json(days),
              R"({"description":"d","tokenName":"Example name","validForDays":"180"})");
    TokenRequest forever{"n", "", std::nullopt, true};
    EXPECT_EQ(token_request_json(forever), R"({"isValidForever":true,"tokenName":"n"})");
}

TEST(TokensTest, ReplaysFuzzRegressionsWithoutUndefinedBehaviour)
{
    // Inputs fuzz_token_list crashed on (tests/fuzz/regressions/token_list/); UBSan (CI build)
    // aborts this test if one of them reaches undefined behaviour again.
    namespace fs = std::filesystem;
    int replayed = 0;
    for (const auto& f : fs::directory_iterator(fs::path(SSOSNAP_SOURCE_DIR) /
                                                "tests/fuzz/regressions/token_list")) {
        std::ifstream in(f.path(), std::ios::binary);
        std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        (void)parse_token_list(text);
        (void)parse_created_token(text);
        ++replayed;
    }
    EXPECT_GE(replayed, 1);
}

TEST(TokensTest, FloatMillisBeyondInt64AreAbsentNotConverted)
{
    auto list = parse_token_list(
        R"({"allApiTokens":[{"id":1,"tokenName":"t","timeUntilExpiryMillis":2.5e22}]})");
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->tokens.size(), 1u);
}
