// Hostile answers other than ids: deep JSON (issue 15 item 4), endless and oversized bodies
// (item 7), the credentials echoed back in every encoding and terminal escapes in error bodies
// (item 8), and the plain-http warning through a proxy (item 9).

#include "core/files.hpp"
#include "hostile_support.hpp"
#include "rest/curl_transport.hpp"

namespace ssosnap::loopback
{
namespace
{

using HostileAnswersTest = HostileServerTest;

std::string deep_json()
{
    return std::string(100'000, '[') + std::string(100'000, ']');
}

std::vector<std::string> files_in(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(e.path().filename().string());
    return out;
}

TEST_F(HostileAnswersTest, DeepJsonIsARemoteErrorNotACrash)
{
    m_server->on("GET", k_snapshots,
                 [](const HostileRequest&) { return HostileResponse::json(deep_json()); });
    m_server->on("GET", k_ping,
                 [](const HostileRequest&) { return HostileResponse::json(deep_json()); });
    m_server->on("GET", k_tokens,
                 [](const HostileRequest&) { return HostileResponse::json(deep_json()); });
    for (const auto& command :
         {std::vector<std::string>{"remote", "list"}, std::vector<std::string>{"remote", "ping"},
          std::vector<std::string>{"tokens", "list"}}) {
        auto r = run_hostile(command);
        EXPECT_EQ(r.status, 4) << command[1] << ": " << r.err;
        EXPECT_NE(r.err.find("nested too deeply"), std::string::npos) << r.err;
    }
}

TEST_F(HostileAnswersTest, EndlessDownloadStopsAtTheLimitAndLeavesNothing)
{
    m_server->on("GET", std::string(k_snapshots) + k_good_id + "/download",
                 [](const HostileRequest&) { return HostileResponse::endless(); });
    const auto to = tmp() / "dl";
    fs::create_directories(to);
    auto r = run_hostile(
        {"remote", "download", k_good_id, "--to", to.string(), "--max-download-size", "1M"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("more than the limit of 1048576 bytes"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--max-download-size"), std::string::npos) << r.err;
    EXPECT_EQ(files_in(to), std::vector<std::string>{});
}

TEST_F(HostileAnswersTest, TheTransportCutsAnEndlessBodyAtTheSinksBoundWhateverTheSinkDoes)
{
    // A sink that takes everything (as the S3 download's once did): the bound still holds.
    m_server->on("GET", "/endless",
                 [](const HostileRequest&) { return HostileResponse::endless(); });
    rest::CurlTransport curl(rest::CurlOptions{});
    rest::Request rq;
    rq.method = rest::Method::get;
    rq.url = m_server->url() + "/endless";
    std::uint64_t got = 0;
    rest::BodySink sink;
    sink.max_bytes = std::uint64_t{1} << 20;
    sink.write = [&got](std::string_view chunk) -> core::Result<void> {
        got += chunk.size();
        return {};
    };
    rq.sink = std::move(sink);
    auto r = curl.send(rq);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "too-large");
    EXPECT_NE(r.error().message.find("more than the limit of 1048576 bytes"), std::string::npos)
        << r.error().message;
    EXPECT_LE(got, std::uint64_t{1} << 20);
    EXPECT_GT(got, 0u);
}

TEST_F(HostileAnswersTest, AnnouncedOversizeIsRefusedBeforeWriting)
{
    // 5 TiB announced; then an endless body (which the streaming bound would stop later, with
    // another message, after writing the limit).
    m_server->on("GET", std::string(k_snapshots) + k_good_id + "/download",
                 [](const HostileRequest&) {
                     auto r = HostileResponse::endless();
                     r.content_length = std::uint64_t{5} << 40;
                     return r;
                 });
    const auto to = tmp() / "dl";
    fs::create_directories(to);
    auto r = run_hostile(
        {"remote", "download", k_good_id, "--to", to.string(), "--max-download-size", "1M"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("5497558138880 bytes (Content-Length), more than the limit of "
                         "1048576 bytes"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(files_in(to), std::vector<std::string>{});
}

TEST_F(HostileAnswersTest, EncryptedDownloadCutShortLeavesNothing)
{
    // 3 MiB announced, 2 MiB sent, then the connection closes: age has been fed most of it
    // (the download is handed on as it arrives) and is stopped; no age file, no temporary.
    // `cat` stands in for age: the test is about what is left, not the cryptography.
    const auto fake_age = tmp() / "fake-age";
    write_text(fake_age, "#!/bin/sh\nexec cat\n");
    fs::permissions(fake_age, fs::perms::owner_all);
    m_server->on("GET", std::string(k_snapshots) + k_good_id + "/download",
                 [](const HostileRequest&) {
                     auto r = HostileResponse::json(std::string(std::size_t{2} << 20, 'z'));
                     r.headers = {{"Content-Type", "application/zip"}};
                     r.content_length = std::uint64_t{3} << 20;
                     return r;
                 });
    const auto to = tmp() / "dl";
    fs::create_directories(to);
    auto r = run_hostile({"remote", "download", k_good_id, "--to", to.string(), "--encrypt-to",
                          "age1qqq", "--age-program", fake_age.string()});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("transfer closed"), std::string::npos) << r.err;
    EXPECT_EQ(files_in(to), std::vector<std::string>{});
}

TEST_F(HostileAnswersTest, BackupOfAnEndlessSnapshotLeavesNothing)
{
    m_server->on("GET", std::string(k_snapshots) + m_id + "/download",
                 [](const HostileRequest&) { return HostileResponse::endless(); });
    const auto to = tmp() / "backups";
    fs::create_directories(to);
    auto r = run_hostile({"backup", "--to", to.string(), "--max-download-size", "2M"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("more than the limit of 2097152 bytes"), std::string::npos) << r.err;
    EXPECT_EQ(files_in(to), std::vector<std::string>{});
}

// The fixture archive with one byte of its first entry's compressed data flipped: the zip's
// structure is intact, the entry's bytes (CRC-32) are not.
std::string corrupt_entry(std::string zip)
{
    const auto u16 = [&](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(zip[at])) |
               static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    const std::size_t data = 30 + u16(26) + u16(28);  // the first local header's data
    zip[data + 2] = static_cast<char>(zip[data + 2] ^ 0x5a);
    return zip;
}

TEST_F(HostileAnswersTest, DownloadOfAnArchiveWithBadEntriesIsRefusedAndLeavesNothing)
{
    auto zip = core::read_file(k_archive_fixture());
    ASSERT_TRUE(zip);
    const std::string bad = corrupt_entry(*zip);
    m_server->on("GET", std::string(k_snapshots) + k_good_id + "/download",
                 [bad](const HostileRequest&) {
                     HostileResponse r;
                     r.headers = {{"Content-Type", "application/zip"}};
                     r.body = bad;
                     return r;
                 });
    const auto to = tmp() / "dl";
    fs::create_directories(to);
    auto r = run_hostile({"remote", "download", k_good_id, "--to", to.string()});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("the server sent an archive that is not a usable snapshot"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("kerberos/oidc/okta/config.json"), std::string::npos) << r.err;
    EXPECT_EQ(files_in(to), std::vector<std::string>{});  // no archive, no .sha256 vouching for it
}

TEST_F(HostileAnswersTest, EndlessJsonIsCutAtTheMemoryBound)
{
    m_server->on("GET", k_snapshots, [](const HostileRequest&) {
        auto r = HostileResponse::endless("application/json");
        r.body = "[";
        return r;
    });
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("larger than 67108864 bytes"), std::string::npos) << r.err;
}

// The server echoes the token in one encoding, inside an error body short enough to be shown
// whole, and once more at the cut of the 300-byte excerpt (a cut secret is no longer found by
// a search for it whole: scrubbing must come first).
TEST_F(HostileAnswersTest, ErrorBodiesNeverShowTheSecretInAnyEncoding)
{
    for (const auto& form : k_secret_forms) {
        for (const std::string& padding : {std::string("denied for "), std::string(290, '.')}) {
            m_server->on("GET", k_snapshots, [&](const HostileRequest&) {
                HostileResponse r;
                r.status = 500;
                r.headers = {{"Content-Type", "text/plain"}};
                r.body = padding + form + " (echoed)";
                return r;
            });
            auto r = run_hostile({"remote", "list"});
            EXPECT_EQ(r.status, 4) << r.err;
            EXPECT_NE(r.err.find(padding.substr(0, 11) + "***"), std::string::npos)
                << "the body was not shown, scrubbed, for " << form << ":\n"
                << r.err;
            EXPECT_EQ(r.err.find(form.substr(0, 10)), std::string::npos)
                << "a cut prefix leaked for " << form << ":\n"
                << r.err;
        }
    }
}

TEST_F(HostileAnswersTest, AnEchoedBasicHeaderIsScrubbedFromAuthErrors)
{
    m_server->on("GET", k_snapshots, [](const HostileRequest& rq) {
        HostileResponse r;
        r.status = 401;
        r.headers = {
            {"WWW-Authenticate", "Basic realm=\"" + rq.header("authorization").value_or("") + "\""},
            {"Content-Type", "application/json"}};
        r.body = "{\"message\":\"you sent " + rq.header("authorization").value_or("") + "\"}";
        return r;
    });
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 5) << r.err;
    EXPECT_NE(r.err.find("realm=\"Basic ***\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("you sent Basic ***"), std::string::npos) << r.err;
}

TEST_F(HostileAnswersTest, TerminalEscapesInErrorBodiesAreEscaped)
{
    m_server->on("GET", k_snapshots, [](const HostileRequest&) {
        HostileResponse r;
        r.status = 500;
        r.headers = {{"Content-Type", "text/plain"}, {"X-Seraph-LoginReason", "\x1b[2J"}};
        r.body = "title \x1b]0;pwned\x07 and a long enough explanation of what went wrong here "
                 "so that two control bytes are below one percent of the body: " +
                 std::string(200, '-');
        return r;
    });
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find(R"(title \x1b]0;pwned\x07 and)"), std::string::npos) << r.err;
    // TearDown: no raw ESC in any output.
}

class ProxyWarningTest : public HostileServerTest
{
protected:
    void TearDown() override
    {
        for (const char* v : {"http_proxy", "no_proxy"})
            ::unsetenv(v);
        HostileServerTest::TearDown();
    }
};

TEST_F(ProxyWarningTest, WarnsWhenAProxyCarriesTheCredentials)
{
    HostileServer proxy;
    proxy.on("GET", k_snapshots, [](const HostileRequest&) { return HostileResponse::json("[]"); });
    ::setenv("http_proxy", proxy.url().c_str(), 1);
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("sending credentials over plain http to " + m_server->url() +
                         " through the proxy 'http_proxy=" + proxy.url() + "'"),
              std::string::npos)
        << r.err;
    // What the warning is about: the proxy saw the Authorization header.
    auto seen = proxy.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_TRUE(seen[0].header("authorization").has_value());
    EXPECT_TRUE(m_server->requests().empty());
}

TEST_F(ProxyWarningTest, NoWarningWhenNoProxyExemptsTheLoopbackHost)
{
    HostileServer proxy;
    ::setenv("http_proxy", proxy.url().c_str(), 1);
    ::setenv("no_proxy", "localhost,127.0.0.1", 1);
    auto r = run_hostile({"remote", "list"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err.find("plain http"), std::string::npos) << r.err;
    EXPECT_TRUE(proxy.requests().empty());
}

TEST_F(ProxyWarningTest, ANameStartingWith127IsNotLoopback)
{
    auto r = run({"remote", "list", "--url", "http://127.example.invalid", "--user", "admin",
                  "--token-file", m_token.string(), "--retries", "0", "--connect-timeout", "2"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("sending credentials over plain http to http://127.example.invalid"),
              std::string::npos)
        << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
