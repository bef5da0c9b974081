// Redirects: credentials follow a redirect only within the origin (scheme, host, port) and
// only when the method is kept (issue 15 item 13). A second server on another port and one on
// 127.0.0.2 record what reaches them: nothing may.

#include "hostile_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class HostileRedirectTest : public HostileServerTest
{
protected:
    /// Every request that reached `server` carried no credentials, and there were none.
    static void expect_untouched(const HostileServer& server)
    {
        for (const auto& rq : server.requests()) {
            ADD_FAILURE() << rq.method << " " << rq.target << " reached " << server.url()
                          << (rq.header("authorization") ? " WITH credentials" : "");
        }
    }

    /// The list answers `status` with Location: `location`.
    void redirect_list(int status, const std::string& location)
    {
        m_server->on("GET", k_snapshots, [status, location](const HostileRequest&) {
            return HostileResponse::redirect(status, location);
        });
    }

    static void expect_refused(const RunResult& r)
    {
        EXPECT_EQ(r.status, 4) << r.err;
        EXPECT_NE(r.err.find("not following it with credentials"), std::string::npos) << r.err;
    }
};

TEST_F(HostileRedirectTest, GetToAnotherPortIsNotFollowed)
{
    HostileServer other;
    other.on("*", "/", [](const HostileRequest&) { return HostileResponse::json("[]"); });
    redirect_list(302, other.url() + k_snapshots);
    expect_refused(run_hostile({"remote", "list"}));
    expect_untouched(other);
}

TEST_F(HostileRedirectTest, GetToAnotherHostIsNotFollowed)
{
    HostileServer other("127.0.0.2");
    other.on("*", "/", [](const HostileRequest&) { return HostileResponse::json("[]"); });
    for (int status : {301, 302, 303, 307, 308}) {
        redirect_list(status, other.url() + k_snapshots);
        expect_refused(run_hostile({"remote", "list"}));
    }
    expect_untouched(other);
}

TEST_F(HostileRedirectTest, HttpToHttpsOfTheSameHostIsNotFollowed)
{
    redirect_list(302, "https://127.0.0.1:" + std::to_string(m_server->port()) + k_snapshots);
    expect_refused(run_hostile({"remote", "list"}));
    EXPECT_EQ(m_server->requests().size(), 1u);  // only the first request, in plain http
}

TEST_F(HostileRedirectTest, Post307ToAnotherHostIsNotFollowed)
{
    HostileServer other("127.0.0.2");
    other.on("*", "/", [](const HostileRequest&) { return HostileResponse::json("{}"); });
    m_server->on("POST", k_snapshots, [&other](const HostileRequest& rq) {
        return HostileResponse::redirect(307, other.url() + rq.target);
    });
    auto r = run_hostile({"remote", "create", "--description", "redirected"});
    expect_refused(r);
    expect_untouched(other);
}

TEST_F(HostileRedirectTest, DeleteToAnotherPortIsNotFollowed)
{
    HostileServer other;
    other.on("*", "/", [](const HostileRequest&) { return HostileResponse::json("{}"); });
    m_server->on("DELETE", k_snapshots, [&other](const HostileRequest& rq) {
        return HostileResponse::redirect(308, other.url() + rq.target);
    });
    expect_refused(run_hostile({"remote", "delete", k_good_id}));
    expect_untouched(other);
}

TEST_F(HostileRedirectTest, PostSeeOtherOnTheSameOriginIsNotFollowed)
{
    // 303 turns a POST into a GET: not what was asked for.
    m_server->on("POST", k_snapshots, [](const HostileRequest&) {
        return HostileResponse::redirect(303, "/elsewhere");
    });
    expect_refused(run_hostile({"remote", "create", "--description", "see-other"}));
    for (const auto& rq : m_server->requests())
        EXPECT_NE(rq.target, "/elsewhere");
}

TEST_F(HostileRedirectTest, Post307OnTheSameOriginIsFollowedWithCredentials)
{
    // The control: a same-origin 307 keeps the method and the credentials.
    m_server->on("POST", k_snapshots, [](const HostileRequest&) {
        return HostileResponse::redirect(307, "/moved/snapshot/");
    });
    m_server->on("POST", "/moved/",
                 [](const HostileRequest&) { return HostileResponse::json("{}"); });
    auto r = run_hostile({"remote", "create", "--description", "moved"});
    auto seen = m_server->requests();
    ASSERT_GE(seen.size(), 2u) << r.err;
    EXPECT_EQ(seen[1].method, "POST");
    EXPECT_EQ(seen[1].target, "/moved/snapshot/");
    EXPECT_TRUE(seen[1].header("authorization").has_value());
}

TEST_F(HostileRedirectTest, ALoopEndsAfterTheRedirectLimit)
{
    redirect_list(302, k_snapshots);
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("too many redirects"), std::string::npos) << r.err;
    EXPECT_EQ(m_server->requests().size(), 5u);  // rest::CurlOptions::max_redirects
}

}  // namespace
}  // namespace ssosnap::loopback
