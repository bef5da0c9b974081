// Hooks (watch --notify-url, --ping-url): bounded retries on transient failures only, the
// JSON body and suffixes as documented, and messages that never show the hook URL's path.

#include "fake_transport.hpp"
#include "rest/hook.hpp"

#include <gtest/gtest.h>

namespace ssosnap::rest
{
namespace
{

constexpr const char* k_url = "https://chat.example.test/hooks/T0KEN-in-path";

TEST(HookTest, PostsJsonOnceWhenTheFirstAnswerIs2xx)
{
    FakeTransport t;
    t.push(FakeReply::http(204));
    std::vector<std::chrono::milliseconds> slept;
    auto r = post_json(t, k_url, R"({"text":"x"})", {}, [&](auto d) { slept.push_back(d); });
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(t.requests().size(), 1u);
    EXPECT_EQ(t.requests()[0].method, Method::post);
    EXPECT_EQ(t.requests()[0].body.bytes, R"({"text":"x"})");
    EXPECT_EQ(t.requests()[0].body.content_type, "application/json");
    EXPECT_TRUE(slept.empty());
}

TEST(HookTest, RetriesTransientFailuresAtMostMaxAttemptsWithGrowingDelays)
{
    FakeTransport t;
    t.push(FakeReply::http(503));
    t.push(FakeReply::failure({core::Errc::remote, "refused", "connect"}));
    t.push(FakeReply::http(500));
    t.push(FakeReply::http(200));  // never reached: three attempts in all
    std::vector<std::chrono::milliseconds> slept;
    auto r = post_json(t, k_url, "{}", {}, [&](auto d) { slept.push_back(d); });
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(t.requests().size(), 3u);
    EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000),
                                                             std::chrono::milliseconds(2000)}));
    EXPECT_EQ(r.error().id, "hook-failed");
    EXPECT_EQ(r.error().message.find("T0KEN"), std::string::npos) << r.error().message;
}

TEST(HookTest, DoesNotRetryAClientError)
{
    FakeTransport t;
    t.push(FakeReply::http(404));
    auto r = post_json(t, k_url, "{}", {}, [](auto) {});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(t.requests().size(), 1u);
    EXPECT_NE(r.error().message.find("HTTP 404"), std::string::npos);
}

TEST(HookTest, PingsWithTheHealthchecksSuffixes)
{
    FakeTransport t;
    for (int i = 0; i < 3; ++i)
        t.push(FakeReply::http(200));
    for (const char* suffix : {"/start", "", "/fail"})
        ASSERT_TRUE(ping_url(t, "https://hc.example.test/ping/abc/", suffix, {}, [](auto) {}));
    ASSERT_EQ(t.requests().size(), 3u);
    EXPECT_EQ(t.requests()[0].url, "https://hc.example.test/ping/abc/start");
    EXPECT_EQ(t.requests()[1].url, "https://hc.example.test/ping/abc/");
    EXPECT_EQ(t.requests()[2].url, "https://hc.example.test/ping/abc/fail");
    EXPECT_EQ(t.requests()[0].method, Method::get);
}

}  // namespace
}  // namespace ssosnap::rest
