#include "rest/url.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::rest;

TEST(UrlTest, RedactsUserInfo)
{
    EXPECT_EQ(redact_url("https://bob:s3cret@jira.example.test/x?y=1"),
              "https://***@jira.example.test/x?y=1");
    EXPECT_EQ(redact_url("https://jira.example.test/a@b"), "https://jira.example.test/a@b");
    EXPECT_EQ(redact_url("not a url"), "not a url");
}

TEST(UrlTest, NormalizesBaseUrlAndRefusesCredentials)
{
    auto ok = normalize_base_url("https://jira.example.test/jira//");
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, "https://jira.example.test/jira");
    auto creds = normalize_base_url("https://bob:pw@jira.example.test");
    ASSERT_FALSE(creds);
    EXPECT_EQ(creds.error().message.find("pw"), std::string::npos);
    EXPECT_FALSE(normalize_base_url("ftp://jira.example.test"));
    EXPECT_FALSE(normalize_base_url("https://jira.example.test/?a=b"));
    EXPECT_FALSE(normalize_base_url("https://jira.example.test/#a"));
    auto no_host = normalize_base_url("https:///jira");  // libcurl alone takes "jira" as host
    ASSERT_FALSE(no_host);
    EXPECT_NE(no_host.error().message.find("no host in the URL"), std::string::npos);
}

TEST(UrlTest, ComparesOriginsWithDefaultPorts)
{
    auto a = parse_origin("https://Jira.example.test/x");
    auto b = parse_origin("https://jira.example.test:443/y");
    auto c = parse_origin("http://jira.example.test/x");
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(*a, *b);
    EXPECT_FALSE(*a == *c);
}

TEST(UrlTest, EscapesComponentsAndResolvesLocations)
{
    EXPECT_EQ(escape_component("a b/c&d"), "a%20b%2Fc%26d");
    EXPECT_EQ(resolve_location("https://h.example.test/a/b", "/c"), "https://h.example.test/c");
    EXPECT_TRUE(is_loopback_url("http://127.0.0.1:8080/"));
    EXPECT_FALSE(is_loopback_url("https://jira.example.test/"));
}

TEST(UrlTest, LoopbackMeansALoopbackAddressNotANameStartingWith127)
{
    EXPECT_TRUE(is_loopback_url("http://127.0.0.1:8080/"));
    EXPECT_TRUE(is_loopback_url("http://127.255.1.2/"));
    EXPECT_TRUE(is_loopback_url("http://localhost:8080"));
    EXPECT_TRUE(is_loopback_url("http://[::1]:8080/"));
    EXPECT_FALSE(is_loopback_url("http://127.example.invalid/"));
    EXPECT_FALSE(is_loopback_url("http://127.0.0.1.example.invalid/"));
    EXPECT_FALSE(is_loopback_url("http://128.0.0.1/"));
    EXPECT_FALSE(is_loopback_url("http://localhost.example.invalid/"));
}

TEST(UrlTest, NoProxyMatchesHostsAndNamesBelowThem)
{
    EXPECT_TRUE(no_proxy_matches("*", "jira.example.test"));
    EXPECT_TRUE(no_proxy_matches("localhost, 127.0.0.1", "127.0.0.1"));
    EXPECT_TRUE(no_proxy_matches("example.test", "jira.example.test"));
    EXPECT_TRUE(no_proxy_matches(".example.test", "jira.example.test"));
    EXPECT_TRUE(no_proxy_matches("EXAMPLE.test", "Jira.example.TEST"));
    EXPECT_TRUE(no_proxy_matches("::1", "[::1]"));
    EXPECT_FALSE(no_proxy_matches("example.test", "badexample.test"));
    EXPECT_FALSE(no_proxy_matches("", "jira.example.test"));
    EXPECT_FALSE(no_proxy_matches("127.0.0.0/8", "127.0.0.1"));  // CIDR: not read, warns
}
