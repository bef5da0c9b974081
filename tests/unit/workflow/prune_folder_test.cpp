#include "workflow/prune.hpp"

#include "archive/writer.hpp"
#include "core/files.hpp"
#include "workflow/snapshot_file.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>

using namespace ssosnap;
using namespace ssosnap::workflow;
namespace fs = std::filesystem;

namespace
{

constexpr std::int64_t k_day = 86'400'000;
constexpr std::int64_t k_start = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

class PruneFolderTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = *core::make_temp_dir("ssosnap-prune-test"); }
    void TearDown() override { fs::remove_all(m_dir); }

    /// Writes an archive for day `n` after k_start with a .sha256 sidecar.
    std::string add(int n, const std::string& description = "nightly")
    {
        char name[64];
        std::snprintf(name, sizeof name, "sso-snapshot-2024-01-%02d-02_00_00.zip", n + 1);
        auto millis = k_start + n * k_day + 7'200'000;
        std::string meta = R"({"applicationName":"JIRA","pluginVersion":"7.0.0","timeMillis":)" +
                           std::to_string(millis) + R"(,"description":")" + description + "\"}";
        auto path = m_dir / name;
        EXPECT_TRUE(archive::write_archive(path, {{"metadata.json", meta}, {"settings.json", "{}"}},
                                           {millis}));
        EXPECT_TRUE(write_sha256_sidecar(path));
        return name;
    }

    std::set<std::string> files() const
    {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(m_dir))
            out.insert(e.path().filename().string());
        return out;
    }

    fs::path m_dir;
};

}  // namespace

TEST_F(PruneFolderTest, RemovesUnkeptArchivesWithTheirSidecars)
{
    auto a = add(0);
    auto b = add(1, "ssosnap safety snapshot before restoring sso-snapshot-x (1)");
    auto c = add(2);
    auto d = add(3);
    auto e = add(4);
    // A foreign archive dated only by its REST-record sidecar.
    ASSERT_TRUE(archive::write_archive(m_dir / "sso-snapshot-2024-01-04-09_00_00.zip",
                                       {{"settings.json", "{}"}}, {}));
    ASSERT_TRUE(core::write_file_atomic(
        m_dir / "sso-snapshot-2024-01-04-09_00_00.json",
        R"({"applicationName":"JIRA","pluginVersion":"7.0.0","timeMillis":)" +
            std::to_string(k_start + 3 * k_day + 9 * 3'600'000) +
            R"(,"id":"sso-snapshot-2024-01-04-09_00_00","filename":"sso-snapshot-2024-01-04-09_00_00.zip"})",
        core::FileMode::shared));
    ASSERT_TRUE(core::write_file_atomic(m_dir / "broken.zip", "not a zip", core::FileMode::shared));
    ASSERT_TRUE(core::write_file_atomic(m_dir / "notes.txt", "mine", core::FileMode::shared));

    auto report = prune_folder(m_dir, {{.last = 2}, IncludeProtected::no, DryRun::no});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(files(), (std::set<std::string>{b, b + ".sha256", e, e + ".sha256",
                                              "sso-snapshot-2024-01-04-09_00_00.zip",
                                              "sso-snapshot-2024-01-04-09_00_00.json", "broken.zip",
                                              "notes.txt"}));
    std::set<std::string> removed;
    for (const auto& x : report->archives) {
        if (!x.verdict.keep) {
            EXPECT_TRUE(x.removed);
            EXPECT_EQ(x.sidecars.size(), 1u);
            removed.insert(x.archive.filename().string());
        }
    }
    EXPECT_EQ(removed, (std::set<std::string>{a, c, d}));
    ASSERT_EQ(report->findings.size(), 1u);
    EXPECT_EQ(report->findings[0].code, "unreadable");
    EXPECT_EQ(report->findings[0].path, "broken.zip");
}

TEST_F(PruneFolderTest, DryRunRemovesNothing)
{
    for (int i = 0; i < 6; ++i)
        add(i);
    auto before = files();
    auto report = prune_folder(m_dir, {{.last = 1}, IncludeProtected::no, DryRun::yes});
    ASSERT_TRUE(report);
    EXPECT_EQ(files(), before);
    std::size_t would = 0;
    for (const auto& x : report->archives) {
        would += x.verdict.keep ? 0 : 1;
        EXPECT_FALSE(x.removed);
    }
    EXPECT_EQ(would, 5u);
}

TEST_F(PruneFolderTest, IncludeProtectedLetsRulesRemoveThem)
{
    add(0, "Backup before upgrade of config from version 6.0.0 to 7.0.0");
    auto newest = add(1);
    ASSERT_TRUE(prune_folder(m_dir, {{.last = 1}, IncludeProtected::yes, DryRun::no}));
    EXPECT_EQ(files(), (std::set<std::string>{newest, newest + ".sha256"}));
}

TEST_F(PruneFolderTest, RefusesAnEmptyPolicyAndAMissingFolder)
{
    add(0);
    auto empty = prune_folder(m_dir, {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, core::Errc::usage);
    auto missing = prune_folder(m_dir / "nope", {{.last = 1}});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::Errc::input);
    EXPECT_EQ(files().size(), 2u);
}
