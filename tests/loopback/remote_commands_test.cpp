// Every remote and tokens command through the real CLI against the real emulator.

#include "remote_support.hpp"
#include "rest/curl_transport.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace ssosnap::loopback
{
namespace
{

std::string first_line(const std::string& s)
{
    return s.substr(0, s.find('\n'));
}

nlohmann::json json_of(const RunResult& r)
{
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << r.out;
    return doc;
}

bool lists_id(const nlohmann::json& list_doc, const std::string& id)
{
    for (const auto& s : list_doc.at("snapshots")) {
        if (s.value("id", "") == id) return true;
    }
    return false;
}

class RemoteCommandsTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start();
    }
};

TEST_F(RemoteCommandsTest, PingAnswersPongWithTheServerTime)
{
    auto r = run_admin({"remote", "ping"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("pong"), std::string::npos) << r.out;
    auto j = run_admin({"remote", "ping", "--json"});
    ASSERT_EQ(j.status, 0) << j.err;
    auto doc = json_of(j);
    EXPECT_EQ(doc["command"], "remote ping");
    EXPECT_EQ(doc["response"], "pong");
    EXPECT_TRUE(doc["timestamp"].is_number());
}

TEST_F(RemoteCommandsTest, CreateListDownloadDeleteUploadRestoreRoundTrip)
{
    auto created = run_admin({"remote", "create", "--description", "loopback round trip"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    ASSERT_EQ(id.rfind("sso-snapshot-", 0), 0u) << created.out;

    auto listed = run_admin({"remote", "list", "--json"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    ASSERT_TRUE(lists_id(json_of(listed), id)) << listed.out;
    auto table = run_admin({"remote", "list"});
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_NE(table.out.find("loopback round trip"), std::string::npos) << table.out;

    const auto dir = tmp() / "downloads";
    fs::create_directories(dir);
    auto down = run_admin({"remote", "download", id, "--to", dir.string()});
    ASSERT_EQ(down.status, 0) << down.err;
    const auto archive = dir / (id + ".zip");
    ASSERT_TRUE(fs::exists(archive)) << down.out;
    EXPECT_TRUE(fs::exists(dir / (id + ".zip.sha256")));
    EXPECT_GT(fs::file_size(archive), 0u);

    // A user-given id is held to the documented form too: it names the file written.
    for (const std::string bad : {"../escaped", "sso-snapshot-x", "/tmp/x"}) {
        auto refused = run_admin({"remote", "download", bad, "--to", dir.string()});
        EXPECT_EQ(refused.status, 2) << bad;
        EXPECT_NE(refused.err.find("only sso-snapshot-YYYY-MM-DD-HH_MM_SS"), std::string::npos)
            << refused.err;
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
    EXPECT_FALSE(fs::exists(tmp() / "escaped.zip"));

    auto del = run_admin({"remote", "delete", id});
    ASSERT_EQ(del.status, 0) << del.err;
    EXPECT_FALSE(lists_id(json_of(run_admin({"remote", "list", "--json"})), id));

    auto up = run_admin({"remote", "upload", archive.string()});
    ASSERT_EQ(up.status, 0) << up.err;
    EXPECT_NE(up.out.find(id), std::string::npos) << up.out;
    EXPECT_TRUE(lists_id(json_of(run_admin({"remote", "list", "--json"})), id));

    // Restore puts the snapshot's live config back.
    write_text(tmp() / "server" / "kerberos" / "saml-idp.xml", "<idp name=\"changed\"/>\n");
    auto restored = run_admin({"remote", "restore", id, "--yes", "--json"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(json_of(restored)["id"], id);
    EXPECT_EQ(json_of(restored)["result"], "restored");
    EXPECT_EQ(read_text(tmp() / "server" / "kerberos" / "saml-idp.xml"),
              "<idp name=\"loopback\"/>\n");
}

TEST_F(RemoteCommandsTest, DownloadWhoseSidecarCannotBeWrittenLeavesNoArchive)
{
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    const auto dir = tmp() / "downloads";
    // A folder where the sidecar goes: its write fails as a full disk's would.
    fs::create_directories(dir / (id + ".zip.sha256"));

    auto down = run_admin({"remote", "download", id, "--to", dir.string()});
    EXPECT_NE(down.status, 0) << down.err;
    EXPECT_NE(down.err.find("ssosnap: error: "), std::string::npos) << down.err;
    EXPECT_FALSE(fs::exists(dir / (id + ".zip"))) << "the archive kept its final name";
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir))
        left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{id + ".zip.sha256"});  // only the blocking folder
}

TEST_F(RemoteCommandsTest, RemoteRestoreWithoutYesOrATerminalIsRefused)
{
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    write_text(tmp() / "server" / "kerberos" / "saml-idp.xml", "<idp name=\"changed\"/>\n");

    auto r = run_admin({"remote", "restore", id});
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("not confirmed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("restore"), 0);
    EXPECT_EQ(read_text(tmp() / "server" / "kerberos" / "saml-idp.xml"),
              "<idp name=\"changed\"/>\n");
}

TEST_F(RemoteCommandsTest, ServerTextIsEscapedInListOutput)
{
    // A description with an OSC title change, a screen clear and a C1 CSI, as a hostile or
    // careless server may hand back.
    const std::string hostile = "\x1b]0;pwned\x07 \x1b[2J \xc2\x9b"
                                "31m";
    auto created = run_admin({"remote", "create", "--description", hostile});
    ASSERT_EQ(created.status, 0) << created.err;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"remote", "list"},
             {"remote", "list", "--json"},
             {"remote", "create", "--description", hostile + " again"}}) {
        auto r = run_admin(args);
        ASSERT_EQ(r.status, 0) << r.err;
        for (const auto* text : {&r.out, &r.err}) {
            EXPECT_EQ(text->find('\x1b'), std::string::npos) << *text;
            EXPECT_EQ(text->find("\xc2\x9b"), std::string::npos) << *text;
        }
    }
    auto table = run_admin({"remote", "list"});
    EXPECT_NE(table.out.find("\\x1b]0;pwned\\x07 \\x1b[2J \\u{9b}31m"), std::string::npos)
        << table.out;
}

TEST_F(RemoteCommandsTest, UploadingAnExistingIdFailsAsRemoteError)
{
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    const auto dir = tmp() / "dl";
    fs::create_directories(dir);
    ASSERT_EQ(run_admin({"remote", "download", id, "--to", dir.string()}).status, 0);
    auto again = run_admin({"remote", "upload", (dir / (id + ".zip")).string()});
    EXPECT_EQ(again.status, 4);
    EXPECT_NE(again.err.find("already on the server"), std::string::npos) << again.err;
}

TEST_F(RemoteCommandsTest, TokensCreateSavesA0600FileListAndRevoke)
{
    const auto file = tmp() / "saved-token";
    auto created = run({"tokens", "create", "--name", "nightly-backup", "--days", "7", "--save",
                        file.string(), "--url", url(), "--user", "admin", "--password-stdin"},
                       std::string(k_admin_password) + "\n");
    ASSERT_EQ(created.status, 0) << created.err;
    struct stat st {
    };
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto token = read_text(file);
    token.erase(token.find_last_not_of("\r\n") + 1);
    ASSERT_EQ(token.size(), 128u);
    add_secret(token);
    // The saved token works for basic authentication.
    EXPECT_EQ(
        run({"remote", "ping", "--url", url(), "--user", "admin", "--token-file", file.string()})
            .status,
        0);

    auto listed = run_admin({"tokens", "list", "--json"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_NE(listed.out.find("nightly-backup"), std::string::npos) << listed.out;
    auto table = run_admin({"tokens", "list", "--expiring-within", "30"});
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_NE(table.out.find("nightly-backup"), std::string::npos) << table.out;

    auto doc = json_of(listed);
    std::string id;
    for (const auto& t : doc.at("tokens")) {
        if (t.value("name", "") == "nightly-backup") id = t.at("id").dump();
    }
    ASSERT_FALSE(id.empty()) << listed.out;
    if (id.front() == '"') id = id.substr(1, id.size() - 2);
    auto revoked = run_admin({"tokens", "revoke", id});
    ASSERT_EQ(revoked.status, 0) << revoked.err;
    EXPECT_EQ(run_admin({"tokens", "list"}).out.find("nightly-backup"), std::string::npos);
    // A revoked token no longer authenticates.
    EXPECT_EQ(
        run({"remote", "ping", "--url", url(), "--user", "admin", "--token-file", file.string()})
            .status,
        5);
}

TEST_F(RemoteCommandsTest, AOneDayTokenHasOneDayLeftNotZero)
{
    const auto file = tmp() / "one-day-token";
    auto created = run({"tokens", "create", "--name", "one-day", "--days", "1", "--save",
                        file.string(), "--url", url(), "--user", "admin", "--password-stdin"},
                       std::string(k_admin_password) + "\n");
    ASSERT_EQ(created.status, 0) << created.err;
    auto token = read_text(file);
    add_secret(token.erase(token.find_last_not_of("\r\n") + 1));
    auto doc = json_of(run_admin({"tokens", "list", "--json"}));
    bool seen = false;
    for (const auto& t : doc.at("tokens")) {
        if (t.value("name", "") != "one-day") continue;
        seen = true;
        EXPECT_EQ(t.at("days_left"), 1) << t.dump();
    }
    EXPECT_TRUE(seen) << doc.dump();
    const auto table = run_admin({"tokens", "list"}).out;
    const auto row = table.substr(table.find("one-day"));
    EXPECT_NE(first_line(row).find("  1  "), std::string::npos) << table;
}

TEST_F(RemoteCommandsTest, AServerThatIsDownIsOneClearLine)
{
    const auto down = url();
    m_emulator->stop();
    // default retries: a refusal is final
    auto r = run({"remote", "ping", "--url", down, "--user", "admin", "--password-stdin"},
                 std::string(k_admin_password) + "\n");
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("ssosnap: error: cannot connect to " + down + ": connection refused"),
              std::string::npos)
        << r.err;
    // The failure is said once, not again by libcurl's own words.
    EXPECT_EQ(r.err.find("Failed to connect"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Couldn't connect"), std::string::npos) << r.err;
}

TEST_F(RemoteCommandsTest, HttpsToAPlainHttpPortSaysSo)
{
    auto https = url();
    https.replace(0, 4, "https");
    auto r = run_admin_at(https, {"remote", "ping", "--retries", "0", "--json"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(json_of(r)["error"]["code"], "plain-http-port") << r.out;
    EXPECT_NE(r.err.find("answers in plain HTTP, not TLS"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("ping"), 0);
}

TEST_F(RemoteCommandsTest, TokensCreateSaveRefusesAnExistingFile)
{
    const auto file = tmp() / "exists";
    write_text(file, "keep me\n");
    auto r = run({"tokens", "create", "--save", file.string(), "--url", url(), "--user", "admin",
                  "--password-stdin"},
                 std::string(k_admin_password) + "\n");
    EXPECT_NE(r.status, 0);
    EXPECT_EQ(read_text(file), "keep me\n");
    EXPECT_EQ(count_requests("tokens-create"), 0);
}

TEST_F(RemoteCommandsTest, EveryPostAndDeleteCarriesTheNoCheckHeader)
{
    // The emulator, like Atlassian's XSRF filter, answers 403 to a POST of no, form or
    // multipart media type without X-Atlassian-Token: no-check (RawPostWithoutNoCheckIsRefused),
    // so a logged success of create, restore (and upload) proves the client sent it there;
    // ClientTest checks the header on every POST and DELETE.
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    ASSERT_EQ(run_admin({"remote", "restore", id, "--yes"}).status, 0);
    ASSERT_EQ(run_admin({"remote", "delete", id}).status, 0);
    make_token();
    int checked = 0;
    for (const auto& rq : requests()) {
        const auto method = rq.value("method", "");
        if (method != "POST" && method != "DELETE") continue;
        ++checked;
        const int status = rq.value("status", 0);
        EXPECT_TRUE(status >= 200 && status < 300) << rq.dump();
    }
    EXPECT_GE(checked, 4);
}

TEST_F(RemoteCommandsTest, RawPostWithoutNoCheckIsRefused)
{
    rest::CurlTransport curl(rest::CurlOptions{});
    rest::Request rq;
    rq.method = rest::Method::post;
    rq.url = url() + "/rest/ksso/api/snapshot/1.0/config/snapshot/?description=no%20header";
    rq.auth = {rest::AuthScheme::basic, "admin", k_admin_password, true};
    auto r = curl.send(rq);  // no body: no media type, which the XSRF filter checks
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(r->body, "XSRF check failed");
    EXPECT_EQ(run_admin({"remote", "list"}).out.find("no header"), std::string::npos);
}

TEST_F(RemoteCommandsTest, RawJsonPostWithoutNoCheckIsAccepted)
{
    // A real Jira lets application/json through its XSRF filter without the header.
    rest::CurlTransport curl(rest::CurlOptions{});
    rest::Request rq;
    rq.method = rest::Method::post;
    rq.url = url() + "/rest/ksso/api/apitokens/3.0/user/tokens";
    rq.auth = {rest::AuthScheme::basic, "admin", k_admin_password, true};
    rq.body = rest::BodySource::text(R"({"tokenName":"json-no-header"})", "application/json");
    auto r = curl.send(rq);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->status, 201) << r->body;
    auto created = nlohmann::json::parse(r->body, nullptr, false);
    ASSERT_TRUE(created.is_object()) << r->body;
    ASSERT_TRUE(created.contains("apiToken")) << r->body;
    add_secret(created["apiToken"].get<std::string>());
    EXPECT_EQ(created.value("tokenName", ""), "json-no-header");
}

TEST_F(RemoteCommandsTest, SecretFlagsDoNotExist)
{
    // A secret typed as a flag's value is refused without being repeated.
    add_secret("Typed-As-Flag-Value-42");
    for (const char* flag : {"--password", "--token"}) {
        auto r = run(
            {"remote", "list", "--url", url(), "--user", "admin", flag, "Typed-As-Flag-Value-42"});
        EXPECT_NE(r.err.find(std::string(flag) + " is refused"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("no flag takes a secret"), std::string::npos) << r.err;
        auto joined =
            run({"tokens", "list", "--url", url(), std::string(flag) + "=Typed-As-Flag-Value-42"});
        EXPECT_EQ(joined.status, 2) << flag;
        EXPECT_EQ(r.status, 2) << flag;
        EXPECT_EQ(count_requests("list"), 0);
    }
}

class RemoteNoTransferTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        start([](emulator::EmulatorOptions& o) { o.transfer = false; });
    }
};

TEST_F(RemoteNoTransferTest, DownloadUploadDeleteExplainTheMissingEndpoint)
{
    auto created = run_admin({"remote", "create"});
    ASSERT_EQ(created.status, 0) << created.err;
    const std::string id = first_line(created.out);
    const auto dir = tmp() / "dl";
    fs::create_directories(dir);
    auto down = run_admin({"remote", "download", id, "--to", dir.string()});
    EXPECT_EQ(down.status, 4);
    EXPECT_NE(down.err.find("--download-path"), std::string::npos) << down.err;
    EXPECT_TRUE(fs::is_empty(dir)) << "a failed download leaves nothing";

    auto up = run_admin(
        {"remote", "upload",
         std::string(SSOSNAP_FIXTURES_DIR) + "/jira/sso-snapshot-2022-01-04-13_17_04.zip"});
    EXPECT_EQ(up.status, 4);
    EXPECT_NE(up.err.find("--upload-path"), std::string::npos) << up.err;

    auto del = run_admin({"remote", "delete", id});
    EXPECT_EQ(del.status, 4);
    EXPECT_NE(del.err.find("--delete-path"), std::string::npos) << del.err;
}

}  // namespace
}  // namespace ssosnap::loopback
