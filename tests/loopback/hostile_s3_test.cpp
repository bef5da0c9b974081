// A hostile S3 server (issue 19's "distrust everything a server sends", for buckets): the
// scripted HostileServer answers the S3 requests of ls, copy and verify with keys that climb out
// of the folder or carry terminal escapes, XML nested a million levels deep, endless bodies and
// a Content-Length of terabytes. Each must end in one error line or a skipped key: never a crash,
// a file outside the target folder, a partial file, or a raw escape on the terminal.

#include "hostile_support.hpp"

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>

namespace ssosnap::loopback
{
namespace
{

constexpr const char* k_bucket = "/backups";
constexpr const char* k_archive_key = "offline/sso-snapshot-2022-01-04-13_17_04.zip";

std::string listing(const std::vector<std::pair<std::string, std::uint64_t>>& objects)
{
    std::string xml =
        R"(<?xml version="1.0" encoding="UTF-8"?>)"
        R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
        "<Name>backups</Name><Prefix>offline/</Prefix><IsTruncated>false</IsTruncated>";
    for (const auto& [key, size] : objects) {
        xml += "<Contents><Key>" + key + "</Key><ETag>\"e" + std::to_string(size) +
               "\"</ETag><Size>" + std::to_string(size) + "</Size></Contents>";
    }
    return xml + "</ListBucketResult>";
}

HostileResponse xml_answer(std::string body, int status = 200)
{
    HostileResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/xml"}};
    r.body = std::move(body);
    return r;
}

HostileResponse no_such_key()
{
    return xml_answer("<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>", 404);
}

class HostileS3Test : public HostileServerTest
{
protected:
    void SetUp() override
    {
        HostileServerTest::SetUp();
        for (const char* v : {"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION",
                              "AWS_ENDPOINT_URL_S3", "SSOSNAP_S3_PATH_STYLE"})
            ::unsetenv(v);
        ::setenv("AWS_ACCESS_KEY_ID", "hostile-test", 1);
        ::setenv("AWS_SECRET_ACCESS_KEY", k_hostile_secret.c_str(), 1);
        ::setenv("AWS_REGION", "us-east-1", 1);
        ::setenv("AWS_ENDPOINT_URL", m_server->url().c_str(), 1);
        m_archive = read_text(k_archive_fixture());
        // By default a well-behaved bucket: one archive, no index, no sidecars. One rule takes
        // every request to the bucket and hands it to the listing or the object answer.
        serve_listing(listing({{k_archive_key, m_archive.size()}}));
        serve_archive([this](const HostileRequest&) {
            HostileResponse r;
            r.headers = {{"Content-Type", "application/zip"}};
            r.body = m_archive;
            return r;
        });
        m_server->on("*", k_bucket, [this](const HostileRequest& rq) {
            const auto path = rq.target.substr(0, rq.target.find('?'));
            if (path == k_bucket || path == std::string(k_bucket) + "/") return m_listing(rq);
            if (path == std::string(k_bucket) + "/" + k_archive_key ||
                path == std::string(k_bucket) + "/" + k_archive_key + ".age")
                return m_object(rq);
            return no_such_key();  // the index, the .sha256 and .json objects
        });
    }

    void TearDown() override
    {
        for (const char* v :
             {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"})
            ::unsetenv(v);
        for (const auto& text : m_outputs_seen) {
            EXPECT_EQ(text.find('\x1b'), std::string::npos) << "a raw escape reached:\n" << text;
            EXPECT_EQ(text.find(k_hostile_secret), std::string::npos) << "leaked:\n" << text;
        }
        HostileServerTest::TearDown();
    }

    /// Answers the folder's listing (GET /backups?list-type=2…) with `body`.
    void serve_listing(std::string body)
    {
        m_listing = [body = std::move(body)](const HostileRequest&) { return xml_answer(body); };
    }

    /// Answers GET of the archive's key with `handler`.
    void serve_archive(HostileHandler handler) { m_object = std::move(handler); }

    RunResult run_s3(const std::vector<std::string>& args)
    {
        auto r = run(args);
        m_outputs_seen.push_back(r.out);
        m_outputs_seen.push_back(r.err);
        return r;
    }

    /// Regular files below `dir`, relative to it.
    static std::vector<std::string> files_below(const fs::path& dir)
    {
        std::vector<std::string> out;
        if (!fs::exists(dir)) return out;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            out.push_back(fs::relative(e.path(), dir).generic_string());
        std::sort(out.begin(), out.end());
        return out;
    }

    /// `copy SOURCE DIR` down must end with `status`, say `message` on stderr and write nothing
    /// into DIR: no archive, and no .sha256 vouching for one.
    void expect_copy_refused(int status, const std::string& message,
                             const std::string& source = "s3://backups/offline/")
    {
        const auto to = tmp() / "copy";
        auto r = run_s3({"copy", source, to.string()});
        EXPECT_EQ(r.status, status) << source << ": " << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(files_below(to), std::vector<std::string>{}) << source;
    }

    // An archive put in a bucket by other means than ssosnap (no record, no index entry) and above
    // the 1 MiB that ls fetches whole: `ssosnap create` of a folder with 3 MiB of noise in it.
    std::string big_archive()
    {
        const auto dir = tmp() / "big";
        fs::create_directories(dir / "src" / "kerberos");
        fs::create_directories(dir / "out");
        std::string noise(std::size_t{3} << 20, '\0');
        std::mt19937 random(19);
        for (auto& c : noise)
            c = static_cast<char>(random());
        write_text(dir / "src" / "kerberos" / "krb5.keytab", noise);
        auto made = run({"create", (dir / "src").string(), "--out-dir", (dir / "out").string(),
                         "--app", "JIRA", "--app-version", "9.12.2", "--plugin-version", "6.1.0",
                         "--base-url", "https://jira.example.test", "--tz", "UTC", "--time-millis",
                         "1641302224000", "--description", "put there by hand"});
        EXPECT_EQ(made.status, 0) << made.err;
        for (const auto& e : fs::directory_iterator(dir / "out"))
            if (e.path().extension() == ".zip") return read_text(e.path());
        ADD_FAILURE() << "create made no archive";
        return {};
    }

    std::string m_archive;
    std::vector<std::string> m_outputs_seen;
    HostileHandler m_listing;
    HostileHandler m_object;
};

TEST_F(HostileS3Test, KeysThatClimbOutOrCarryEscapesNeverBecomeFilesOrRawOutput)
{
    serve_listing(listing({{k_archive_key, m_archive.size()},
                           {"offline/../../escape.zip", 10},
                           {"offline/sub/../../../etc/x.zip", 10},
                           {"offline/..", 10},
                           {"offline/\x1b]0;pwned\x07.zip", 10},
                           {"offline/\x1b[2J.zip", 10}}));
    const auto to = tmp() / "copy";
    fs::create_directories(to);
    const auto before = tree();
    auto ls = run_s3({"ls", "s3://backups/offline/"});
    EXPECT_EQ(ls.status, 0) << ls.err;
    EXPECT_NE(ls.out.find("sso-snapshot-2022-01-04-13_17_04"), std::string::npos) << ls.out;
    auto copy = run_s3({"copy", "s3://backups/offline/", to.string()});
    EXPECT_EQ(copy.status, 0) << copy.err;
    EXPECT_EQ(files_below(to),
              (std::vector<std::string>{"sso-snapshot-2022-01-04-13_17_04.zip",
                                        "sso-snapshot-2022-01-04-13_17_04.zip.sha256"}))
        << copy.err;
    EXPECT_EQ(added_outside(before, tree(), {"copy"}), std::vector<std::string>{});
    for (const auto& rq : m_server->requests())
        EXPECT_EQ(rq.target.find("escape"), std::string::npos) << "asked for " << rq.target;
}

TEST_F(HostileS3Test, ListingNestedAMillionLevelsDeepIsReadWithoutACrash)
{
    // Well-formed XML with no <Contents>: pugixml parses without recursing, so the folder is
    // simply empty.
    std::string deep = "<ListBucketResult>";
    for (int i = 0; i < 1'000'000; ++i)
        deep += "<a>";
    for (int i = 0; i < 1'000'000; ++i)
        deep += "</a>";
    serve_listing(deep + "</ListBucketResult>");
    auto r = run_s3({"ls", "s3://backups/offline/"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("no *.zip files in 's3://backups/offline/'"), std::string::npos) << r.err;
}

TEST_F(HostileS3Test, AnEndlessListingStopsAtTheMemoryBound)
{
    m_listing = [](const HostileRequest&) { return HostileResponse::endless("application/xml"); };
    auto r = run_s3({"ls", "s3://backups/offline/"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("larger than 67108864 bytes"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(HostileS3Test, AnArchiveAnnouncingTerabytesIsRefusedBeforeWritingAndLeavesNothing)
{
    serve_archive([](const HostileRequest&) {
        auto r = HostileResponse::endless();
        r.content_length = std::uint64_t{5} << 40;
        return r;
    });
    expect_copy_refused(4, "5497558138880 bytes");
}

TEST_F(HostileS3Test, AnArchiveLongerThanItsListingIsRefusedAndLeavesNothing)
{
    // The listing says the archive's size; the server then sends bytes without end.
    auto sent = std::make_shared<std::atomic<std::uint64_t>>(0);
    serve_archive([sent](const HostileRequest&) {
        auto r = HostileResponse::endless();
        r.more = [sent] {
            constexpr std::size_t k_chunk = std::size_t{64} << 10;
            *sent += k_chunk;
            return std::string(k_chunk, 'A');
        };
        return r;
    });
    expect_copy_refused(4, "sent more than the " + std::to_string(m_archive.size()) +
                               " bytes its listing gave");
    // Cut off at the listed size, not at the 4 GiB bound: what the server could push into the
    // socket's buffers before the client hung up, a few MiB at most.
    EXPECT_LT(sent->load(), std::uint64_t{64} << 20);
}

TEST_F(HostileS3Test, AnObjectThatIsNoZipIsNotCopiedNorVouchedFor)
{
    // No .sha256 object to compare with, the listed size right: only the bytes themselves say
    // they are no archive. A copy must not name them NAME.zip beside a .sha256 vouching for them.
    m_archive = "this is not a zip archive";
    serve_listing(listing({{k_archive_key, m_archive.size()}}));
    for (const auto& source :
         {std::string("s3://backups/offline/"), std::string("s3://backups/") + k_archive_key})
        expect_copy_refused(3, "is not a readable archive", source);
}

TEST_F(HostileS3Test, AnArchiveWithADamagedEntryIsNotCopied)
{
    // The structure intact, one byte of the first entry's data flipped: its CRC-32 fails.
    const auto at = m_archive.find("PK\x03\x04");
    ASSERT_EQ(at, 0u);
    m_archive[30 + static_cast<unsigned char>(m_archive[26]) + 64] ^= 0x55;
    expect_copy_refused(3, "not a usable snapshot");
}

TEST_F(HostileS3Test, AnEncryptedArchiveThatIsNoAgeFileIsNotCopied)
{
    // NAME.zip.age cannot be inflated without the identity, but it must at least be an age file
    // before a .sha256 vouches for it.
    m_archive = "this is not an age file";
    serve_listing(listing({{std::string(k_archive_key) + ".age", m_archive.size()}}));
    expect_copy_refused(3, "is not an age file");
}

// Answers a GET of `bytes` as S3 does: a "Range: bytes=A-B" gets 206 with that slice and its
// Content-Range; no Range gets the whole object. Counts what it sends.
HostileResponse ranged(const std::string& bytes, const HostileRequest& rq,
                       std::atomic<std::uint64_t>& served, std::atomic<int>& whole)
{
    HostileResponse r;
    r.headers = {{"Content-Type", "application/zip"}};
    unsigned long long first = 0;
    unsigned long long last = 0;
    const auto range = rq.header("range");
    if (!range || std::sscanf(range->c_str(), "bytes=%llu-%llu", &first, &last) != 2 ||
        first > last || last >= bytes.size()) {
        ++whole;
        r.body = bytes;
    } else {
        r.status = 206;
        r.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                    std::to_string(last) + "/" +
                                                    std::to_string(bytes.size()));
        r.body = bytes.substr(first, last - first + 1);
    }
    served += r.body.size();
    return r;
}

TEST_F(HostileS3Test, ARecordlessArchiveAboveOneMiBIsListedFromAFewRanges)
{
    m_archive = big_archive();
    ASSERT_GT(m_archive.size(), std::size_t{3} << 20);
    serve_listing(listing({{k_archive_key, m_archive.size()}}));
    auto served = std::make_shared<std::atomic<std::uint64_t>>(0);
    auto whole = std::make_shared<std::atomic<int>>(0);
    serve_archive([this, served, whole](const HostileRequest& rq) {
        return ranged(m_archive, rq, *served, *whole);
    });
    for (const auto& cmd : {std::vector<std::string>{"ls", "s3://backups/offline/"},
                            {"prune", "s3://backups/offline/", "--keep-last", "5"}}) {
        served->store(0);
        auto r = run_s3(cmd);
        EXPECT_EQ(r.status, 0) << cmd[0] << ": " << r.err;
        if (cmd[0] == "ls") {
            EXPECT_NE(r.out.find("put there by hand"), std::string::npos) << r.out;
        }
        EXPECT_LT(served->load(), m_archive.size() / 10) << cmd[0];
    }
    EXPECT_EQ(whole->load(), 0) << "a GET without Range";
}

TEST_F(HostileS3Test, AServerThatIgnoresRangeGetsTheWholeObjectRequestInstead)
{
    m_archive = big_archive();
    serve_listing(listing({{k_archive_key, m_archive.size()}}));
    serve_archive([this](const HostileRequest&) {
        HostileResponse r;
        r.headers = {{"Content-Type", "application/zip"}};
        r.body = m_archive;  // 200 and every byte, whatever the Range said
        return r;
    });
    auto r = run_s3({"ls", "s3://backups/offline/"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("put there by hand"), std::string::npos) << r.out;
}

TEST_F(HostileS3Test, ARangeAnsweredWithOtherBytesEndsLsWithOneError)
{
    m_archive = big_archive();
    serve_listing(listing({{k_archive_key, m_archive.size()}}));
    serve_archive([this](const HostileRequest& rq) {
        // 206 with as many bytes as asked for, but always from the start of the object.
        unsigned long long first = 0;
        unsigned long long last = 0;
        const auto range = rq.header("range").value_or("");
        if (std::sscanf(range.c_str(), "bytes=%llu-%llu", &first, &last) != 2) first = last = 0;
        const auto n = static_cast<std::size_t>(last - first + 1);
        HostileResponse r;
        r.status = 206;
        r.headers = {{"Content-Range",
                      "bytes 0-" + std::to_string(n - 1) + "/" + std::to_string(m_archive.size())}};
        r.body = m_archive.substr(0, n);
        return r;
    });
    auto r = run_s3({"ls", "s3://backups/offline/"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("another range than the one asked for"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
