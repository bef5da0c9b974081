#include "core/files.hpp"
#include "core/sha256.hpp"
#include "fake_transport.hpp"
#include "fixture.hpp"
#include "rest/client.hpp"
#include "rest/retry.hpp"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>

using namespace ssosnap::rest;
using ssosnap::core::Errc;
using ssosnap::rest::testing::api_fixture;
namespace fs = std::filesystem;

namespace
{

constexpr const char* k_base = "https://jira.example.test/jira";
constexpr const char* k_api = "https://jira.example.test/jira/rest/ksso/api";

ClientConfig config()
{
    return {k_base, {AuthScheme::basic, "admin", "TOKEN", false}, ApiPaths{}};
}

std::optional<std::string> header(const Request& r, const std::string& name)
{
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return std::nullopt;
}

class ClientTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto d = ssosnap::core::make_temp_dir("ssosnap-client-test");
        ASSERT_TRUE(d);
        dir = *d;
    }
    void TearDown() override { fs::remove_all(dir); }
    const Request& last() const { return fake.requests().back(); }

    FakeTransport fake;
    KantegaClient client{fake, config()};
    fs::path dir;
};

}  // namespace

TEST_F(ClientTest, PingGetsDocumentedPathWithCredentials)
{
    fake.push(FakeReply::http(200, api_fixture("ping.json")));
    auto p = client.ping();
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->response, "pong");
    EXPECT_EQ(last().method, Method::get);
    EXPECT_EQ(last().url, std::string(k_api) + "/info/1.0/ping");
    EXPECT_EQ(last().auth.scheme, AuthScheme::basic);
    EXPECT_EQ(last().auth.user, "admin");
    EXPECT_EQ(last().auth.secret, "TOKEN");
    EXPECT_FALSE(header(last(), "X-Atlassian-Token"));  // GETs need no XSRF header
}

TEST_F(ClientTest, ListsSnapshotsInServerShape)
{
    fake.push(FakeReply::http(200, api_fixture("snapshot-list.json")));
    auto list = client.list_snapshots();
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2U);
    EXPECT_EQ((*list)[0].id, "sso-snapshot-2022-01-04-13_17_04");
    EXPECT_EQ((*list)[0].meta.time_millis, 1641298623998);
    EXPECT_EQ(last().url, std::string(k_api) + "/snapshot/1.0/config/snapshot/");
}

TEST_F(ClientTest, MalformedListIsRemoteError)
{
    fake.push(FakeReply::http(200, "<html>login</html>"));
    auto list = client.list_snapshots();
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, Errc::remote);
}

TEST_F(ClientTest, CreatePostsDescriptionWithXsrfHeaderThenFindsIdByDescription)
{
    fake.push(FakeReply::http(200, ""));
    fake.push(FakeReply::http(200, api_fixture("snapshot-list.json")));
    auto rec = client.create_snapshot("test");
    ASSERT_TRUE(rec) << rec.error().message;
    EXPECT_EQ(rec->id, "sso-snapshot-2022-01-04-13_17_04");
    const auto& post = fake.requests().at(0);
    EXPECT_EQ(post.method, Method::post);
    EXPECT_EQ(post.url, std::string(k_api) + "/snapshot/1.0/config/snapshot/?description=test");
    EXPECT_EQ(header(post, "X-Atlassian-Token"), "no-check");
}

TEST_F(ClientTest, CreateEscapesDescriptionAndReportsMissingRecord)
{
    fake.push(FakeReply::http(204));
    fake.push(FakeReply::http(200, "[]"));
    auto rec = client.create_snapshot("nightly a&b");
    ASSERT_FALSE(rec);
    EXPECT_EQ(rec.error().id, "not-found");
    EXPECT_NE(fake.requests()[0].url.find("description=nightly%20a%26b"), std::string::npos);
}

TEST_F(ClientTest, RestorePostsToDocumentedPath)
{
    fake.push(FakeReply::http(200));
    ASSERT_TRUE(client.restore_snapshot("sso-snapshot-2022-01-04-13_17_04"));
    EXPECT_EQ(last().method, Method::post);
    EXPECT_EQ(last().url, std::string(k_api) + "/snapshot/1.0/config/snapshot/restore/"
                                               "sso-snapshot-2022-01-04-13_17_04");
    EXPECT_EQ(header(last(), "X-Atlassian-Token"), "no-check");
}

TEST_F(ClientTest, UnauthorizedIsAuthError)
{
    fake.push(FakeReply::http(401, "", {{"x-seraph-loginreason", "AUTHENTICATED_FAILED"}}));
    auto list = client.list_snapshots();
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, Errc::auth);
    EXPECT_NE(list.error().message.find("listing snapshots"), std::string::npos);
}

TEST_F(ClientTest, DownloadStreamsAtomicallyWithHash)
{
    const std::string bytes(100'000, 'z');
    fake.push(FakeReply::http(200, bytes));
    fs::path checked;
    DownloadOptions opt;
    opt.check = [&](const fs::path& temp) -> ssosnap::core::Result<void> {
        checked = temp;
        EXPECT_FALSE(fs::exists(dir / "a.zip"));  // not in place before the check passes
        EXPECT_EQ(fs::file_size(temp), bytes.size());
        return {};
    };
    auto r = client.download_snapshot("sso-snapshot-x", dir / "a.zip", opt);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bytes, bytes.size());
    EXPECT_EQ(r->sha256, ssosnap::core::sha256_hex(bytes));
    EXPECT_EQ(*ssosnap::core::read_file(dir / "a.zip"), bytes);
    EXPECT_EQ(fs::status(dir / "a.zip").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_FALSE(fs::exists(checked));
    EXPECT_EQ(last().url,
              std::string(k_api) + "/snapshot/1.0/config/snapshot/sso-snapshot-x/download");
    EXPECT_TRUE(last().sink);
}

TEST_F(ClientTest, FailedCheckLeavesNothing)
{
    fake.push(FakeReply::http(200, "not a zip"));
    DownloadOptions opt;
    opt.check = [](const fs::path&) -> ssosnap::core::Result<void> {
        return ssosnap::core::fail(Errc::input, "not a readable snapshot");
    };
    auto r = client.download_snapshot("x", dir / "x.zip", opt);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::input);
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(ClientTest, DownloadOf404LeavesNothingAndNamesTheAssumedPath)
{
    fake.push(FakeReply::http(404, "no such snapshot", {{"content-type", "text/plain"}}));
    auto r = client.download_snapshot("x", dir / "x.zip", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::remote);
    EXPECT_NE(r.error().message.find("--download-path"), std::string::npos);
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(ClientTest, DownloadRefusesToOverwrite)
{
    ASSERT_TRUE(
        ssosnap::core::write_file_atomic(dir / "x.zip", "old", ssosnap::core::FileMode::shared));
    auto r = client.download_snapshot("x", dir / "x.zip", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::input);
    EXPECT_EQ(fake.requests().size(), 0U);
}

TEST_F(ClientTest, DownloadIntoMemoryShowsTheBytesAsTheyArrive)
{
    const std::string bytes(100'000, 'm');
    fake.push(FakeReply::http(200, bytes));
    std::vector<std::size_t> seen;
    MemoryDownloadOptions opt;
    opt.received = [&](std::string_view received) -> ssosnap::core::Result<void> {
        EXPECT_EQ(received, std::string_view(bytes).substr(0, received.size()));
        seen.push_back(received.size());
        return {};
    };
    auto r = client.download_snapshot_bytes("x", opt);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, bytes);
    ASSERT_GT(seen.size(), 1U) << "the fake sends the body in pieces";
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), bytes.size());
}

TEST_F(ClientTest, DownloadIntoMemoryStopsAtTheCallersError)
{
    fake.push(FakeReply::http(200, std::string(100'000, 'm')));
    int calls = 0;
    MemoryDownloadOptions opt;
    opt.received = [&](std::string_view) -> ssosnap::core::Result<void> {
        ++calls;
        return ssosnap::core::fail(Errc::input, "age stopped", "age-failed");
    };
    auto r = client.download_snapshot_bytes("x", opt);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "age-failed");
    EXPECT_EQ(calls, 1);
}

TEST_F(ClientTest, RetriedDownloadIntoMemoryTellsTheCallerItRestarts)
{
    RetryingTransport retrying(fake, RetryPolicy{}, [](std::chrono::milliseconds) {});
    KantegaClient c(retrying, config());
    fake.push(FakeReply::http(503));
    fake.push(FakeReply::http(200, "complete archive"));
    int restarts = 0;
    MemoryDownloadOptions opt;
    opt.restarted = [&]() -> ssosnap::core::Result<void> {
        ++restarts;
        return {};
    };
    auto r = c.download_snapshot_bytes("x", opt);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, "complete archive");
    EXPECT_EQ(restarts, 1);
}

TEST_F(ClientTest, RetriedDownloadRestartsFromEmptyFile)
{
    std::vector<std::chrono::milliseconds> slept;
    RetryingTransport retrying(fake, RetryPolicy{},
                               [&](std::chrono::milliseconds d) { slept.push_back(d); });
    KantegaClient c(retrying, config());
    fake.push(FakeReply::failure({Errc::remote, "broke", "transfer"}));
    fake.push(FakeReply::http(503));
    fake.push(FakeReply::http(200, "complete archive"));
    auto r = c.download_snapshot("x", dir / "x.zip", {});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*ssosnap::core::read_file(dir / "x.zip"), "complete archive");
    EXPECT_EQ(slept.size(), 2U);
}

TEST_F(ClientTest, UploadSendsMultipartFilePartThenConfirmsListing)
{
    auto archive = dir / "sso-snapshot-2022-01-04-13_17_04.zip";
    ASSERT_TRUE(ssosnap::core::write_file_atomic(archive, "PK", ssosnap::core::FileMode::secret));
    fake.push(FakeReply::http(201, api_fixture("snapshot-record.json")));
    fake.push(FakeReply::http(200, api_fixture("snapshot-list.json")));
    auto rec = client.upload_snapshot(archive);
    ASSERT_TRUE(rec) << rec.error().message;
    EXPECT_TRUE(rec->readable);
    const auto& up = fake.requests().at(0);
    EXPECT_EQ(up.method, Method::post);
    EXPECT_EQ(up.url, std::string(k_api) + "/snapshot/1.0/config/snapshot/upload");
    EXPECT_EQ(up.body.kind, BodySource::Kind::form_file);
    EXPECT_EQ(up.body.form_field, "file");
    EXPECT_EQ(up.body.form_file_name, "sso-snapshot-2022-01-04-13_17_04.zip");
    EXPECT_EQ(up.body.path, archive);
    EXPECT_EQ(header(up, "X-Atlassian-Token"), "no-check");
    EXPECT_EQ(fake.requests().at(1).method, Method::get);
}

TEST_F(ClientTest, UploadConflictAndRejectionHaveStableIds)
{
    auto archive = dir / "sso-snapshot-2022-01-04-13_17_04.zip";
    fake.push(FakeReply::http(409));
    auto conflict = client.upload_snapshot(archive);
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().id, "exists");
    fake.push(FakeReply::http(400));
    auto rejected = client.upload_snapshot(archive);
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().id, "rejected");
    fake.push(FakeReply::http(404));
    auto missing = client.upload_snapshot(archive);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("--upload-path"), std::string::npos);
    EXPECT_NE(missing.error().message.find("kerberos_snapshots"), std::string::npos);
}

TEST_F(ClientTest, DeleteUsesAssumedPathWithXsrfHeader)
{
    fake.push(FakeReply::http(204));
    ASSERT_TRUE(client.delete_snapshot("sso-snapshot-x"));
    EXPECT_EQ(last().method, Method::del);
    EXPECT_EQ(last().url, std::string(k_api) + "/snapshot/1.0/config/snapshot/sso-snapshot-x");
    EXPECT_EQ(header(last(), "X-Atlassian-Token"), "no-check");
}

TEST_F(ClientTest, OverriddenPathsAndVersionsAreUsed)
{
    auto cfg = config();
    cfg.paths.snapshot_version = "2.0";
    cfg.paths.remove = "/custom/{version}/snap/{id}/remove";
    cfg.paths.tokens_version = "4.0";
    KantegaClient c(fake, cfg);
    fake.push(FakeReply::http(204));
    ASSERT_TRUE(c.delete_snapshot("abc"));
    EXPECT_EQ(last().url, std::string(k_base) + "/custom/2.0/snap/abc/remove");
    fake.push(FakeReply::http(200, "[]"));
    ASSERT_TRUE(c.list_tokens());
    EXPECT_EQ(last().url, std::string(k_api) + "/apitokens/4.0/user/tokens");
}

TEST_F(ClientTest, TokensListBothViews)
{
    fake.push(FakeReply::http(200, api_fixture("tokens-admin.json")));
    auto admin = client.list_tokens();
    ASSERT_TRUE(admin);
    EXPECT_TRUE(admin->admin_view);
    fake.push(FakeReply::http(200, api_fixture("tokens-user.json")));
    auto user = client.list_tokens();
    ASSERT_TRUE(user);
    EXPECT_FALSE(user->admin_view);
    EXPECT_EQ(last().url, std::string(k_api) + "/apitokens/3.0/user/tokens");
}

TEST_F(ClientTest, TokenCreatePostsJsonBody)
{
    fake.push(FakeReply::http(201, api_fixture("token-created.json")));
    TokenRequest rq;
    rq.name = "Example name";
    rq.valid_for_days = 180;
    auto created = client.create_token(rq);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->api_token.size(), 128U);
    EXPECT_EQ(last().method, Method::post);
    EXPECT_EQ(last().body.kind, BodySource::Kind::bytes);
    EXPECT_EQ(last().body.content_type, "application/json");
    EXPECT_EQ(last().body.bytes, R"({"tokenName":"Example name","validForDays":"180"})");
    EXPECT_EQ(header(last(), "X-Atlassian-Token"), "no-check");
}

TEST_F(ClientTest, TokenRevokeDeletesAssumedPath)
{
    fake.push(FakeReply::http(204));
    ASSERT_TRUE(client.revoke_token("67"));
    EXPECT_EQ(last().method, Method::del);
    EXPECT_EQ(last().url, std::string(k_api) + "/apitokens/3.0/user/tokens/67");
    EXPECT_EQ(header(last(), "X-Atlassian-Token"), "no-check");
}

TEST_F(ClientTest, TransportErrorsKeepTheirClassWithContext)
{
    fake.push(FakeReply::failure({Errc::remote, "the server stopped answering", "timeout"}));
    auto p = client.ping();
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().id, "timeout");
    EXPECT_EQ(p.error().message.rfind("pinging https://jira.example.test/jira: ", 0), 0U);
}

TEST_F(ClientTest, AnUnreachableServerIsOneMessageWithoutTheRequestsContext)
{
    // The transport's message names the server already; "pinging URL: cannot connect to URL"
    // said it twice.
    fake.push(FakeReply::failure({Errc::remote, "cannot connect to URL", "connection-refused"}));
    auto p = client.ping();
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().id, "connection-refused");
    EXPECT_EQ(p.error().message, "cannot connect to URL");
}
