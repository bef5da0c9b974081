#include "workflow/snapshot_file.hpp"

#include "archive/writer.hpp"
#include "core/files.hpp"
#include "core/sha256.hpp"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>

using namespace ssosnap;
namespace fs = std::filesystem;

namespace
{

constexpr const char* k_meta =
    R"({"applicationName":"JIRA","applicationVersion":"8.16.1","pluginVersion":"5.2.1",)"
    R"("baseUrl":"https://jira.example.test","timeMillis":1641298623998,"description":"t"})";

std::vector<std::string> codes(const std::vector<core::Finding>& fs)
{
    std::vector<std::string> out;
    for (const auto& f : fs)
        out.push_back(f.code);
    return out;
}

class SnapshotFileTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = core::make_temp_dir("ssosnap-snapshot-file-test").value(); }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path make(const std::string& name, std::vector<archive::WriterEntry> entries)
    {
        auto p = m_dir / name;
        EXPECT_TRUE(archive::write_archive(p, std::move(entries), {}));
        return p;
    }
    fs::path m_dir;
};

}  // namespace

TEST_F(SnapshotFileTest, LoadsMetadataAndTheFileNameTime)
{
    auto p = make("sso-snapshot-2022-01-04-13_17_04.zip",
                  {{"metadata.json", k_meta}, {"settings.json", "{}"}});
    auto s = workflow::load_snapshot(p);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->located.source, metadata::MetaSource::metadata_json);
    ASSERT_TRUE(s->located.meta);
    EXPECT_EQ(s->located.meta->application_name, "JIRA");
    ASSERT_TRUE(s->name_time);
    EXPECT_EQ(metadata::to_iso_local(*s->name_time), "2022-01-04T13:17:04");
    EXPECT_EQ(s->sha256, workflow::SidecarState::absent);
    EXPECT_TRUE(s->findings.empty());
    EXPECT_EQ(s->reader.entries().size(), 2u);
}

TEST_F(SnapshotFileTest, WarnsAboutAFileNameOutsideTheGrammar)
{
    auto s = workflow::load_snapshot(make("backup.zip", {{"metadata.json", k_meta}})).value();
    EXPECT_FALSE(s.name_time);
    ASSERT_EQ(codes(s.findings), std::vector<std::string>{"bad-file-name"});
    EXPECT_EQ(s.findings[0].severity, core::Severity::warning);
}

TEST_F(SnapshotFileTest, UsesTheJsonSidecarWhenTheArchiveHasNoMetadata)
{
    auto p = make("sso-snapshot-2022-01-04-13_17_04.zip", {{"settings.json", "{}"}});
    ASSERT_TRUE(core::write_file_atomic(m_dir / "sso-snapshot-2022-01-04-13_17_04.json", k_meta,
                                        core::FileMode::shared));
    auto s = workflow::load_snapshot(p).value();
    EXPECT_EQ(s.located.source, metadata::MetaSource::sidecar);
    ASSERT_TRUE(s.located.meta);
    EXPECT_EQ(s.located.meta->plugin_version, "5.2.1");

    fs::remove(m_dir / "sso-snapshot-2022-01-04-13_17_04.json");
    auto bare = workflow::load_snapshot(p).value();
    EXPECT_EQ(bare.located.source, metadata::MetaSource::file_name);
    EXPECT_EQ(codes(bare.findings), std::vector<std::string>{"metadata-missing"});
}

TEST_F(SnapshotFileTest, WritesAndChecksTheSha256Sidecar)
{
    auto p = make("sso-snapshot-2022-01-04-13_17_04.zip", {{"metadata.json", k_meta}});
    ASSERT_TRUE(workflow::write_sha256_sidecar(p));
    auto text = core::read_file(workflow::sha256_sidecar_path(p)).value();
    EXPECT_EQ(text, core::sha256_hex(core::read_file(p).value()) +
                        "  sso-snapshot-2022-01-04-13_17_04.zip\n");
    EXPECT_EQ(workflow::check_sha256_sidecar(p).value(), workflow::SidecarState::match);
    EXPECT_EQ(workflow::load_snapshot(p)->sha256, workflow::SidecarState::match);

    // Same archive format, other bytes: the sidecar must no longer match.
    fs::remove(p);
    make("sso-snapshot-2022-01-04-13_17_04.zip", {{"metadata.json", k_meta}, {"x", "1"}});
    EXPECT_EQ(workflow::check_sha256_sidecar(p).value(), workflow::SidecarState::mismatch);
    auto s = workflow::load_snapshot(p).value();
    EXPECT_EQ(codes(s.findings), std::vector<std::string>{"sidecar-mismatch"});
    auto unchecked = workflow::load_snapshot(p, {}, workflow::SidecarCheck::no).value();
    EXPECT_EQ(unchecked.sha256, workflow::SidecarState::not_checked);
    EXPECT_TRUE(unchecked.findings.empty());
}

TEST_F(SnapshotFileTest, FailsWithTheReadersCodeWhenTheFileIsNoZip)
{
    ASSERT_TRUE(core::write_file_atomic(m_dir / "x.zip", "hello", core::FileMode::shared));
    auto s = workflow::load_snapshot(m_dir / "x.zip");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, core::Errc::input);
    EXPECT_EQ(s.error().id, "not-a-zip");
}
