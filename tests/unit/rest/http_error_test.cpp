#include "rest/http_error.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::rest;
using ssosnap::core::Errc;

namespace
{
Request request(AuthScheme scheme, std::string user)
{
    Request r;
    r.url = "https://jira.example.test/rest/ksso/api/snapshot/1.0/config/snapshot/";
    r.auth = {scheme, std::move(user), "TOKENVALUE123", false};
    return r;
}
}  // namespace

TEST(HttpErrorTest, UnauthorizedNamesSchemeUserAndServerHeaders)
{
    Response resp;
    resp.status = 401;
    resp.headers = {{"www-authenticate", "Basic realm=\"protected-area\""},
                    {"x-seraph-loginreason", "AUTHENTICATED_FAILED"}};
    auto e = http_error(request(AuthScheme::basic, "admin"), resp);
    EXPECT_EQ(e.code, Errc::auth);
    EXPECT_EQ(e.id, "unauthorized");
    EXPECT_NE(e.message.find("basic"), std::string::npos);
    EXPECT_NE(e.message.find("'admin'"), std::string::npos);
    EXPECT_NE(e.message.find("AUTHENTICATED_FAILED"), std::string::npos);
    EXPECT_NE(e.message.find("Basic realm"), std::string::npos);
    EXPECT_NE(e.message.find("--auth ksso-token"), std::string::npos);  // the hint
}

TEST(HttpErrorTest, ForbiddenIsAuthWithAdminHint)
{
    Response resp;
    resp.status = 403;
    auto e = http_error(request(AuthScheme::ksso_token, ""), resp);
    EXPECT_EQ(e.code, Errc::auth);
    EXPECT_NE(e.message.find("ksso-token"), std::string::npos);
    EXPECT_NE(e.message.find("administrator"), std::string::npos);
}

TEST(HttpErrorTest, OtherStatusesAreRemoteWithHintAndBodyExcerpt)
{
    Response resp;
    resp.status = 500;
    resp.body = "database down";
    resp.headers = {{"content-type", "text/plain"}};
    auto e = http_error(request(AuthScheme::basic, "a"), resp, "try later");
    EXPECT_EQ(e.code, Errc::remote);
    EXPECT_EQ(e.id, "http-500");
    EXPECT_NE(e.message.find("database down"), std::string::npos);
    EXPECT_NE(e.message.find("try later"), std::string::npos);
}

TEST(HttpErrorTest, NeverEchoesTheSecret)
{
    Response resp;
    resp.status = 401;
    resp.body = "bad token TOKENVALUE123";
    resp.headers = {{"content-type", "text/plain"}};
    auto e = http_error(request(AuthScheme::bearer, ""), resp);
    EXPECT_EQ(e.message.find("TOKENVALUE123"), std::string::npos);
    EXPECT_NE(e.message.find("***"), std::string::npos);
}

TEST(HttpErrorTest, LeavesHtmlBodiesOut)
{
    Response resp;
    resp.status = 502;
    resp.body = "<html><body>proxy</body></html>";
    resp.headers = {{"content-type", "text/html"}};
    auto e = http_error(request(AuthScheme::basic, "a"), resp);
    EXPECT_EQ(e.message.find("<html>"), std::string::npos);
}
