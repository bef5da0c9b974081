// fetch_snapshot checks an archive on its temporary: one that is not intact never gets the
// final name (watched with inotify), whether it was downloaded or copied from the mounted
// folder.

#include "workflow/fetch.hpp"

#include "archive/writer.hpp"
#include "core/files.hpp"
#include "core/sha256.hpp"
#include "fake_transport.hpp"

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/inotify.h>
#include <unistd.h>

using namespace ssosnap;
namespace fs = std::filesystem;

namespace
{

constexpr const char* k_id = "sso-snapshot-2024-05-01-02_00_00";

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_bytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// The names created or moved into a folder while it is watched (inotify): shows whether a
// file ever had a name, even if it was removed again.
class NamesCreated
{
public:
    explicit NamesCreated(const fs::path& dir) : m_fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC))
    {
        if (m_fd >= 0) ::inotify_add_watch(m_fd, dir.c_str(), IN_CREATE | IN_MOVED_TO);
    }
    ~NamesCreated()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    NamesCreated(const NamesCreated&) = delete;
    NamesCreated& operator=(const NamesCreated&) = delete;
    bool watching() const { return m_fd >= 0; }
    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        alignas(inotify_event) char buf[4096];
        for (;;) {
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n <= 0) return out;
            for (ssize_t at = 0; at < n;) {
                const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
                if (ev->len > 0) out.emplace_back(ev->name);
                at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            }
        }
    }

private:
    int m_fd;
};

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

class FetchTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto d = core::make_temp_dir("ssosnap-fetch-test");
        ASSERT_TRUE(d);
        m_dir = *d;
        fs::create_directories(out());
        std::string text;
        for (int i = 0; i < 400; ++i)
            text += "<idp n=\"" + std::to_string(i * 7919 % 1000) + "\"/>\n";
        archive::WriteOptions options;
        options.mtime_millis = 1714528800000;
        ASSERT_TRUE(archive::write_archive(
            m_dir / "good.zip",
            {{"kerberos/a.xml", text},
             {"metadata.json", R"({"applicationName":"JIRA","applicationVersion":"9.12.2",)"
                               R"("pluginVersion":"6.1.0","timeMillis":1714528800000})"}},
            options));
        m_good = read_bytes(m_dir / "good.zip");
        // One byte inside the first entry's compressed data flipped: the data no longer
        // inflates to what its CRC-32 says.
        m_bad = m_good;
        auto u16 = [this](std::size_t at) {
            return static_cast<std::size_t>(static_cast<unsigned char>(m_bad[at])) |
                   static_cast<std::size_t>(static_cast<unsigned char>(m_bad[at + 1])) << 8;
        };
        m_bad[30 + u16(26) + u16(28) + 40] ^= 0x5a;  // local header, name, extra, data
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path out() const { return m_dir / "out"; }
    /// Options that copy from a mounted folder holding `bytes` as the snapshot.
    workflow::FetchOptions from_mounted_folder(const std::string& bytes) const
    {
        fs::create_directories(m_dir / "mounted");
        write_bytes(m_dir / "mounted" / (std::string(k_id) + ".zip"), bytes);
        workflow::FetchOptions options;
        options.snapshots_dir = m_dir / "mounted";
        options.prefer_dir = true;
        return options;
    }
    fs::path target() const { return out() / (std::string(k_id) + ".zip"); }

    fs::path m_dir;
    std::string m_good;
    std::string m_bad;
    rest::FakeTransport m_fake;
    rest::KantegaClient m_client{
        m_fake, {"http://127.0.0.1:1", {rest::AuthScheme::basic, "admin", "pw", false}, {}}};
};

TEST_F(FetchTest, AnIntactDownloadLandsWithItsSidecar)
{
    m_fake.push(rest::FakeReply::http(200, m_good));
    NamesCreated created(out());
    ASSERT_TRUE(created.watching());
    auto got = workflow::fetch_snapshot(m_client, k_id, target(), {});
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_TRUE(contains(created.names(), target().filename().string()));  // the watch works
    EXPECT_EQ(read_bytes(target()), m_good);
    EXPECT_EQ(got->sha256, core::sha256_hex(m_good));
    EXPECT_EQ(read_bytes(target().string() + ".sha256").substr(0, 64), got->sha256);
    EXPECT_EQ(workflow::first_error(got->findings), nullptr);
    EXPECT_FALSE(got->copied);
}

TEST_F(FetchTest, ADownloadThatIsNotIntactLeavesNothing)
{
    m_fake.push(rest::FakeReply::http(200, m_bad));
    NamesCreated created(out());
    ASSERT_TRUE(created.watching());
    auto got = workflow::fetch_snapshot(m_client, k_id, target(), {});
    ASSERT_FALSE(got);
    // checked on the temporary: the final name never existed, not even for a moment
    EXPECT_FALSE(contains(created.names(), target().filename().string()));
    EXPECT_EQ(got.error().code, core::Errc::remote);
    EXPECT_NE(got.error().message.find("not intact"), std::string::npos) << got.error().message;
    EXPECT_TRUE(fs::is_empty(out()));  // no final name, no temporary, no sidecar
}

TEST_F(FetchTest, ACopyFromTheMountedFolderThatIsNotIntactLeavesNothing)
{
    auto options = from_mounted_folder(m_bad);
    NamesCreated created(out());
    ASSERT_TRUE(created.watching());
    auto got = workflow::fetch_snapshot(m_client, k_id, target(), options);
    ASSERT_FALSE(got);
    EXPECT_FALSE(contains(created.names(), target().filename().string()));
    EXPECT_NE(got.error().message.find("not intact"), std::string::npos) << got.error().message;
    EXPECT_TRUE(fs::is_empty(out()));
    EXPECT_TRUE(m_fake.requests().empty());
}

TEST_F(FetchTest, ACopyThatIsIntactLandsWithItsSidecar)
{
    auto got = workflow::fetch_snapshot(m_client, k_id, target(), from_mounted_folder(m_good));
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_TRUE(got->copied);
    EXPECT_EQ(read_bytes(target()), m_good);
    EXPECT_TRUE(fs::exists(target().string() + ".sha256"));
}

TEST_F(FetchTest, AnIdThatIsNotTheDocumentedFormIsRefusedBeforeAnyIo)
{
    // The second wall behind the list parser: "../ID" would read beside the mounted folder
    // and write beside the target.
    auto options = from_mounted_folder(m_bad);
    write_bytes(m_dir / (std::string(k_id) + ".zip"), m_good);  // mounted/../ID.zip
    fs::create_directories(out() / "a");
    const std::string escaping = std::string("../") + k_id;
    auto got =
        workflow::fetch_snapshot(m_client, escaping, out() / "a" / (escaping + ".zip"), options);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().id, "bad-id");
    EXPECT_TRUE(m_fake.requests().empty());
    EXPECT_TRUE(fs::is_empty(out() / "a"));
    EXPECT_FALSE(fs::exists(out() / (std::string(k_id) + ".zip")));  // out/a/../ID.zip
}

}  // namespace
