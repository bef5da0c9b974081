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

namespace
{
// The secret's forms written out independently of the code (python3's base64, urllib.parse
// and json produced them).
const std::string k_secret = std::string(R"(Hx/T0k+en "q\e~)") + "\xC3\xA9" + "zZ9";
const std::vector<std::string> k_forms = {
    k_secret,
    "YWRtaW46SHgvVDBrK2VuICJxXGV+w6l6Wjk=",  // base64("admin:" + secret)
    "YWRtaW46SHgvVDBrK2VuICJxXGV-w6l6Wjk",   // the same, URL alphabet, no padding
    "SHgvVDBrK2VuICJxXGV+w6l6Wjk=",          // base64(secret)
    "Hx%2FT0k%2Ben%20%22q%5Ce~%C3%A9zZ9",
    "Hx%2fT0k%2ben%20%22q%5ce~%c3%a9zZ9",
    "Hx%2FT0k%2Ben+%22q%5Ce~%C3%A9zZ9",                              // form encoding
    "%48%78%2F%54%30%6B%2B%65%6E%20%22%71%5C%65%7E%C3%A9%7A%5A%39",  // every byte
    R"(Hx/T0k+en \"q\\e~\u00e9zZ9)",
    R"(Hx/T0k+en \"q\\e~\u00E9zZ9)",
    R"(Hx\/T0k+en \"q\\e~\u00e9zZ9)",
    std::string(R"(Hx/T0k+en \"q\\e~)") + "\xC3\xA9" + "zZ9",
};
}  // namespace

TEST(HttpErrorTest, ScrubsTheSecretInEveryEncoding)
{
    const Credentials c{AuthScheme::basic, "admin", k_secret, false};
    for (const auto& form : k_forms) {
        auto out = scrub("before " + form + " after", c);
        EXPECT_EQ(out, "before *** after") << form;
    }
}

TEST(HttpErrorTest, ScrubsBeforeCuttingTheExcerpt)
{
    Request rq = request(AuthScheme::basic, "admin");
    rq.auth.secret = k_secret;
    for (const auto& form : k_forms) {
        Response resp;
        resp.status = 500;
        resp.headers = {{"content-type", "text/plain"}};
        resp.body = std::string(290, '.') + form + std::string(100, '.');
        auto e = http_error(rq, resp);
        EXPECT_EQ(e.message.find(form.substr(0, 6)), std::string::npos) << e.message;
        EXPECT_NE(e.message.find(std::string(290, '.') + "***"), std::string::npos) << e.message;
    }
}

TEST(HttpErrorTest, EscapesControlCharactersOfTheServer)
{
    Response resp;
    resp.status = 500;
    resp.headers = {{"content-type", "text/plain"}, {"x-seraph-loginreason", "\x1b[2J"}};
    resp.body = "\x1b]0;pwned\x07" + std::string(300, 'x');
    auto e = http_error(request(AuthScheme::basic, "a"), resp);
    EXPECT_EQ(e.message.find('\x1b'), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(R"(\x1b]0;pwned\x07)"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(R"(X-Seraph-LoginReason: \x1b[2J)"), std::string::npos) << e.message;
}
