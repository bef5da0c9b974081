#include "rest/retry.hpp"

#include "fake_transport.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::rest;
using namespace std::chrono_literals;
using ssosnap::core::Errc;

namespace
{
struct Harness {
    FakeTransport fake;
    std::vector<std::chrono::milliseconds> slept;
    RetryingTransport retrying{fake, RetryPolicy{},
                               [this](std::chrono::milliseconds d) { slept.push_back(d); }};
};

Request get()
{
    Request r;
    r.url = "https://jira.example.test/x";
    return r;
}
}  // namespace

TEST(RetryTest, RetriesGetOn5xxWithExponentialBackoff)
{
    Harness h;
    h.fake.push(FakeReply::http(500));
    h.fake.push(FakeReply::http(503));
    h.fake.push(FakeReply::http(200, "ok"));
    auto r = h.retrying.send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "ok");
    EXPECT_EQ(h.fake.requests().size(), 3U);
    EXPECT_EQ(h.slept, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST(RetryTest, RetriesConnectionErrors)
{
    Harness h;
    h.fake.push(FakeReply::failure({Errc::remote, "refused", "connect"}));
    h.fake.push(FakeReply::http(200));
    EXPECT_TRUE(h.retrying.send(get()));
    EXPECT_EQ(h.fake.requests().size(), 2U);
}

TEST(RetryTest, GivesUpAfterBoundedAttempts)
{
    Harness h;
    for (int i = 0; i < 6; ++i)
        h.fake.push(FakeReply::http(502));
    auto r = h.retrying.send(get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 502);
    EXPECT_EQ(h.fake.requests().size(), 4U);  // RetryPolicy::max_attempts
}

TEST(RetryTest, NeverRetriesPost)
{
    Harness h;
    h.fake.push(FakeReply::http(500));
    h.fake.push(FakeReply::http(200));
    auto rq = get();
    rq.method = Method::post;
    auto r = h.retrying.send(rq);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(h.fake.requests().size(), 1U);
    EXPECT_TRUE(h.slept.empty());
}

TEST(RetryTest, DoesNotRetryClientErrorsOrTls)
{
    Harness h;
    h.fake.push(FakeReply::http(404));
    EXPECT_EQ(h.retrying.send(get())->status, 404);
    h.fake.push(FakeReply::failure({Errc::remote, "bad cert", "tls"}));
    EXPECT_FALSE(h.retrying.send(get()));
    EXPECT_EQ(h.fake.requests().size(), 2U);
}

TEST(RetryTest, HonoursRetryAfterSecondsCapped)
{
    Harness h;
    h.fake.push(FakeReply::http(429, "", {{"retry-after", "3"}}));
    h.fake.push(FakeReply::http(503, "", {{"retry-after", "3600"}}));
    h.fake.push(FakeReply::http(200));
    EXPECT_TRUE(h.retrying.send(get()));
    EXPECT_EQ(h.slept, (std::vector<std::chrono::milliseconds>{3000ms, 60000ms}));
}

TEST(RetryTest, ParsesRetryAfterHttpDate)
{
    // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
    auto d = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, 10000ms);
    EXPECT_FALSE(parse_retry_after("soon", 0));
}

TEST(RetryTest, ResetsTheSinkBeforeRetryingADownload)
{
    Harness h;
    h.fake.push(FakeReply::http(500, "error page"));
    h.fake.push(FakeReply::http(200, "archive bytes"));
    std::string written;
    int resets = 0;
    auto rq = get();
    rq.sink = BodySink{[&](std::string_view c) -> ssosnap::core::Result<void> {
                           written.append(c);
                           return {};
                       },
                       [&]() -> ssosnap::core::Result<void> {
                           ++resets;
                           written.clear();
                           return {};
                       }};
    EXPECT_TRUE(h.retrying.send(rq));
    EXPECT_EQ(written, "archive bytes");
    EXPECT_EQ(resets, 1);
}

TEST(RetryTest, BackoffIsCapped)
{
    RetryPolicy p;
    EXPECT_EQ(backoff_delay(p, 1), 500ms);
    EXPECT_EQ(backoff_delay(p, 3), 2000ms);
    EXPECT_EQ(backoff_delay(p, 30), 8000ms);
}
