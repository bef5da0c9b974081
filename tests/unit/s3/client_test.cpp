#include "s3/client.hpp"

#include "core/sha256.hpp"
#include "fake_transport.hpp"

#include <gtest/gtest.h>

namespace ssosnap::s3
{
namespace
{

Settings settings(bool path_style = true)
{
    Settings s;
    s.endpoint = "http://127.0.0.1:9000";
    s.region = "eu-north-1";
    s.access_key = "test:tester";
    s.secret_key = "testing";
    s.path_style = path_style;
    return s;
}

std::string header(const rest::Request& rq, const std::string& name)
{
    for (const auto& [k, v] : rq.headers)
        if (k == name) return v;
    return "(none)";
}

TEST(Client, QueryIsSortedAndEncodedForTheSignature)
{
    rest::FakeTransport fake;
    Client c(settings(), fake);
    EXPECT_EQ(c.url({"backups", "jira/a b.zip"}), "http://127.0.0.1:9000/backups/jira/a%20b.zip");
    EXPECT_EQ(c.url({"backups", ""}, {{"prefix", "jira/"}, {"list-type", "2"}}),
              "http://127.0.0.1:9000/backups/?list-type=2&prefix=jira%2F");
    Client virtual_hosted(settings(false), fake);
    EXPECT_EQ(virtual_hosted.url({"backups", "k"}), "http://backups.127.0.0.1:9000/k");
}

TEST(Client, EveryRequestCarriesThePayloadHashAndSigns)
{
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(200));
    Client c(settings(), fake);
    ASSERT_TRUE(c.put_bytes({"backups", "a.zip.sha256"}, "abc\n", "text/plain"));
    const auto& rq = fake.requests().at(0);
    EXPECT_EQ(rq.method, rest::Method::put);
    EXPECT_EQ(header(rq, "x-amz-content-sha256"), core::sha256_hex("abc\n"));
    EXPECT_EQ(rq.auth.scheme, rest::AuthScheme::aws_sigv4);
    EXPECT_EQ(rq.aws_sigv4, "aws:amz:eu-north-1:s3");
    EXPECT_TRUE(rq.retry_safe);
}

TEST(Client, ListingFollowsContinuationTokens)
{
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(
        200, "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t1"
             "</NextContinuationToken><Contents><Key>p/a.zip</Key><Size>1</Size></Contents>"
             "</ListBucketResult>"));
    fake.push(rest::FakeReply::http(
        200, "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p/b.zip</Key>"
             "<Size>2</Size></Contents></ListBucketResult>"));
    Client c(settings(), fake);
    auto all = c.list({"backups", "p/"}, 1);
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[1].key, "p/b.zip");
    ASSERT_EQ(fake.requests().size(), 2U);
    EXPECT_NE(fake.requests()[1].url.find("continuation-token=t1&list-type=2"), std::string::npos);
}

TEST(Client, AListedKeyOutsideThePrefixIsRefused)
{
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(
        200, "<ListBucketResult><Contents><Key>other/x.zip</Key><Size>1</Size></Contents>"
             "</ListBucketResult>"));
    Client c(settings(), fake);
    auto all = c.list({"backups", "p/"});
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().id, "s3-bad-answer");
}

TEST(Client, ErrorsSpeakS3)
{
    struct Case {
        long status;
        const char* code;
        core::Errc errc;
        const char* id;
    };
    for (const auto& k : {Case{403, "SignatureDoesNotMatch", core::Errc::auth, "s3-denied"},
                          Case{403, "AccessDenied", core::Errc::auth, "s3-denied"},
                          Case{403, "InvalidAccessKeyId", core::Errc::auth, "s3-denied"},
                          Case{404, "NoSuchKey", core::Errc::input, "s3-not-found"},
                          Case{404, "NoSuchBucket", core::Errc::input, "s3-not-found"},
                          Case{409, "BucketNotEmpty", core::Errc::remote, "s3-error"}}) {
        rest::FakeTransport fake;
        fake.push(
            rest::FakeReply::http(k.status, std::string("<Error><Code>") + k.code +
                                                "</Code><Message>m\x1b[31m</Message></Error>"));
        Client c(settings(), fake);
        auto got = c.get_bytes({"backups", "jira/a.zip"}, 100);
        ASSERT_FALSE(got) << k.code;
        EXPECT_EQ(got.error().code, k.errc) << k.code;
        EXPECT_EQ(got.error().id, k.id) << k.code;
        EXPECT_NE(got.error().message.find(k.code), std::string::npos) << got.error().message;
        EXPECT_EQ(got.error().message.find('\x1b'), std::string::npos) << "escaped";
        EXPECT_EQ(got.error().message.find("testing"), std::string::npos) << "no secret";
    }
}

TEST(Client, HeadReadsSizeAndMetadataAndTreats404AsAbsent)
{
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(
        200, "", {{"content-length", "416"}, {"etag", "\"abc\""}, {"x-amz-meta-sha256", "00ff"}}));
    fake.push(rest::FakeReply::http(404));
    Client c(settings(), fake);
    auto h = c.head({"backups", "a.zip"});
    ASSERT_TRUE(h && *h);
    EXPECT_EQ((*h)->size, 416U);
    EXPECT_EQ((*h)->etag, "abc");
    ASSERT_EQ((*h)->metadata.size(), 1U);
    EXPECT_EQ((*h)->metadata[0].second, "00ff");
    auto gone = c.head({"backups", "b.zip"});
    ASSERT_TRUE(gone);
    EXPECT_FALSE(*gone);
}

TEST(Client, ARangeIsAskedForAndItsAnswerChecked)
{
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(206, "0123456789", {{"content-range", "bytes 10-19/100"}}));
    Client c(settings(), fake);
    std::string got(10, '?');
    ASSERT_TRUE(c.get_range({"backups", "a.zip"}, 10, 10, 100, got.data()));
    EXPECT_EQ(got, "0123456789");
    EXPECT_EQ(header(fake.requests().at(0), "Range"), "bytes=10-19");
    EXPECT_EQ(header(fake.requests().at(0), "x-amz-content-sha256"), k_empty_sha256);
}

TEST(Client, ARangeAnsweredOtherwiseIsRefused)
{
    struct Case {
        const char* what;
        rest::FakeReply reply;
        const char* id;
    };
    const std::vector<Case> cases = {
        {"the whole object (Range ignored)", rest::FakeReply::http(200, std::string(100, 'w')),
         "s3-no-range"},
        {"another range",
         rest::FakeReply::http(206, "0123456789", {{"content-range", "bytes 0-9/100"}}),
         "s3-bad-answer"},
        {"no Content-Range", rest::FakeReply::http(206, "0123456789"), "s3-bad-answer"},
        {"a garbled Content-Range",
         rest::FakeReply::http(206, "0123456789", {{"content-range", "bytes 10-19/1e9"}}),
         "s3-bad-answer"},
        {"fewer bytes than asked for",
         rest::FakeReply::http(206, "01234", {{"content-range", "bytes 10-19/100"}}),
         "s3-bad-answer"},
        {"an object that changed size",
         rest::FakeReply::http(206, "0123456789", {{"content-range", "bytes 10-19/5000"}}),
         "s3-size-mismatch"},
    };
    for (const auto& k : cases) {
        rest::FakeTransport fake;
        fake.push(k.reply);
        Client c(settings(), fake);
        std::string got(10, '?');
        auto r = c.get_range({"backups", "a.zip"}, 10, 10, 100, got.data());
        ASSERT_FALSE(r) << k.what;
        EXPECT_EQ(r.error().id, k.id) << k.what << ": " << r.error().message;
        EXPECT_EQ(r.error().code, core::Errc::remote) << k.what;
    }
    // Asked for the whole object, a 200 is the whole object.
    rest::FakeTransport fake;
    fake.push(rest::FakeReply::http(200, "abcd"));
    Client c(settings(), fake);
    std::string got(4, '?');
    ASSERT_TRUE(c.get_range({"backups", "a.zip"}, 0, 4, 4, got.data()));
    EXPECT_EQ(got, "abcd");
}

}  // namespace
}  // namespace ssosnap::s3
