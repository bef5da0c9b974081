#include "workflow/rebase.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::workflow;
using ssosnap::archive::EntryKind;

namespace
{
constexpr const char* k_old = "https://jira.example.test/jira";
constexpr const char* k_new = "https://staging.example.test";
}  // namespace

TEST(RebaseTextTest, ReplacesEveryOccurrenceAndReportsLines)
{
    auto r =
        replace_base_url("a https://jira.example.test/jira/x\nnone\n"
                         "b https://jira.example.test/jira c https://jira.example.test/jira/\n",
                         k_old, k_new, EntryKind::text);
    EXPECT_EQ(r.text, "a https://staging.example.test/x\nnone\n"
                      "b https://staging.example.test c https://staging.example.test/\n");
    ASSERT_EQ(r.changes.size(), 2u);
    EXPECT_EQ(r.changes[0].line, 1u);
    EXPECT_EQ(r.changes[0].count, 1u);
    EXPECT_EQ(r.changes[1].line, 3u);
    EXPECT_EQ(r.changes[1].count, 2u);
}

TEST(RebaseTextTest, LeavesLongerUrlsAlone)
{
    std::string text = "https://jira.example.test/jira2 https://jira.example.test/jira.old/x "
                       "https://jira.example.test/jira-dev https://jira.example.test/jira:8443";
    auto r = replace_base_url(text, k_old, k_new, EntryKind::text);
    EXPECT_EQ(r.text, text);
    EXPECT_TRUE(r.changes.empty());
    auto host_only = replace_base_url("https://jira.example.test.evil.test/ "
                                      "https://jira.example.test:8443/",
                                      "https://jira.example.test", k_new, EntryKind::text);
    EXPECT_TRUE(host_only.changes.empty());
}

TEST(RebaseTextTest, EndOfSentenceAndQuotesEndTheUrl)
{
    auto r =
        replace_base_url("see https://jira.example.test/jira. \"https://jira.example.test/jira\"",
                         k_old, k_new, EntryKind::text);
    EXPECT_EQ(r.text, "see https://staging.example.test. \"https://staging.example.test\"");
}

TEST(RebaseTextTest, JsonEscapedSlashesAreMatchedInJsonOnly)
{
    std::string text = R"({"acs":"https:\/\/jira.example.test\/jira\/plugins"})";
    auto json = replace_base_url(text, k_old, k_new, EntryKind::json);
    EXPECT_EQ(json.text, R"({"acs":"https:\/\/staging.example.test\/plugins"})");
    EXPECT_TRUE(replace_base_url(text, k_old, k_new, EntryKind::xml).changes.empty());
}

TEST(RebaseTextTest, JavaPropertiesEscapesAreMatchedInPropertiesOnly)
{
    auto r = replace_base_url("base=https\\://jira.example.test/jira\n", k_old,
                              "https://new.example.test:8443", EntryKind::properties);
    EXPECT_EQ(r.text, "base=https\\://new.example.test\\:8443\n");
}

TEST(RebaseTextTest, PercentEncodedRedirectsAreMatched)
{
    auto r = replace_base_url("login?redirect_uri=https%3A%2F%2Fjira.example.test%2Fjira%2Fcb&x=1",
                              k_old, k_new, EntryKind::text);
    EXPECT_EQ(r.text, "login?redirect_uri=https%3A%2F%2Fstaging.example.test%2Fcb&x=1");
}

TEST(RebaseTextTest, HostComparesWithoutCaseAndPathExactly)
{
    auto r = replace_base_url("a=HTTPS://Jira.Example.TEST/jira/x b=https://jira.example.test/JIRA",
                              k_old, k_new, EntryKind::text);
    EXPECT_EQ(r.text, "a=https://staging.example.test/x b=https://jira.example.test/JIRA");
}

TEST(RebaseTextTest, FindIsTheMatcherReplaceUses)
{
    // validate --base-url names the entries find_base_url finds: the escaped properties
    // spelling, the JSON one, and not a longer URL.
    auto props =
        find_base_url("acs=https\\://jira.example.test/jira/acs\n", k_old, EntryKind::properties);
    ASSERT_EQ(props.size(), 1u);
    EXPECT_EQ(props[0].offset, 4u);
    EXPECT_EQ(props[0].length, std::string("https\\://jira.example.test/jira").size());
    EXPECT_EQ(find_base_url(R"({"a":"https:\/\/JIRA.example.test\/jira\/x"})",
                            k_old + std::string("/"), EntryKind::json)
                  .size(),
              1u);
    EXPECT_TRUE(find_base_url("https://jira.example.test/jira2", k_old, EntryKind::text).empty());
    EXPECT_TRUE(find_base_url("anything", "", EntryKind::text).empty());
}
