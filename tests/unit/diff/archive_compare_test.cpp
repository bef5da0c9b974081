// The comparison on real archives (archive::write_archive → Reader → snapshot_of), including
// the multi-megabyte XML generated here rather than committed as a fixture.

#include "../archive/zip_builder.hpp"
#include "archive/reader.hpp"
#include "archive/writer.hpp"
#include "core/files.hpp"
#include "diff/compare.hpp"
#include "diff/render.hpp"
#include "diff/snapshot.hpp"
#include "metadata/locate.hpp"

#include <filesystem>
#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

namespace fs = std::filesystem;

std::string big_xml(int changed_from)
{
    std::string xml = "<?xml version=\"1.0\"?>\n<EntitiesDescriptor>\n";
    for (int i = 0; i < 80000; ++i) {
        bool changed = changed_from >= 0 && i >= changed_from && i < changed_from + 3;
        xml += "  <EntityDescriptor entityID=\"https://idp" + std::to_string(i) +
               ".example.test\" enabled=\"" + (changed ? "false" : "true") + "\"/>\n";
    }
    return xml + "</EntitiesDescriptor>\n";
}

class ArchiveCompareTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto dir = core::make_temp_dir("ssosnap-diff-test");
        ASSERT_TRUE(dir.has_value());
        m_dir = *dir;
    }
    void TearDown() override
    {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    struct Opened {
        archive::Reader reader;
        metadata::LocatedMeta located;
    };

    Opened write_and_open(const std::string& name, std::vector<archive::WriterEntry> entries)
    {
        auto path = m_dir / name;
        archive::WriteOptions options;
        options.mtime_millis = 1714528800000;
        EXPECT_TRUE(archive::write_archive(path, std::move(entries), options).has_value());
        auto reader = archive::Reader::open_file(path);
        EXPECT_TRUE(reader.has_value());
        std::vector<std::string_view> names;
        for (const auto& e : reader->entries())
            names.emplace_back(e.name);
        const archive::Reader& r = *reader;
        auto located = metadata::locate_metadata(
            names,
            [&r](const std::string& entry) -> std::optional<std::string> {
                auto i = r.find(entry);
                if (!i) return std::nullopt;
                auto data = r.read(*i);
                return data ? std::optional<std::string>(*data) : std::nullopt;
            },
            std::nullopt);
        return {std::move(*reader), std::move(located)};
    }

    fs::path m_dir;
};

const std::string k_meta = R"({"applicationName":"JIRA","applicationVersion":"9.12.2",
  "pluginVersion":"6.1.0","baseUrl":"https://jira.example.test","timeMillis":1,
  "description":"x"})";

TEST_F(ArchiveCompareTest, ThreeLineChangeInMultiMegabyteXmlIsThatHunkOnly)
{
    auto a = write_and_open("a.zip", {{"metadata.json", k_meta},
                                      {"kerberos/saml/federation.xml", big_xml(-1)},
                                      {"settings.json", R"({"a":1})"}});
    auto b = write_and_open("b.zip", {{"metadata.json", k_meta},
                                      {"kerberos/saml/federation.xml", big_xml(41000)},
                                      {"settings.json", R"({"a":1})"}});
    auto report = compare(snapshot_of(a.reader, a.located, "a.zip"),
                          snapshot_of(b.reader, b.located, "b.zip"), {});
    ASSERT_TRUE(report.has_value()) << report.error().message;
    ASSERT_GT(big_xml(-1).size(), 5U << 20);
    ASSERT_EQ(report->entries.size(), 1U);
    const auto& e = report->entries[0];
    EXPECT_EQ(e.name, "kerberos/saml/federation.xml");
    EXPECT_EQ(e.detail, Detail::text);
    ASSERT_EQ(e.hunks.size(), 1U);
    const auto& h = e.hunks[0];
    EXPECT_EQ(h.old_start, 41000U);  // entity 41000 is on line 41003; 3 lines of context
    EXPECT_EQ(h.old_count, 9U);
    EXPECT_EQ(h.new_count, 9U);
    EXPECT_EQ(h.lines.size(), 12U);        // 6 context, 3 removed, 3 added
    EXPECT_EQ(report->crc_shortcuts, 1U);  // settings.json, not inflated
    EXPECT_TRUE(report->metadata.empty() ||
                (report->metadata.size() == 1 && report->metadata[0].field == "file"));
}

TEST_F(ArchiveCompareTest, MetadataEntryIsComparedAsMetadataNotAsAnEntry)
{
    std::string later = k_meta;
    later.replace(later.find("\"timeMillis\":1"), 14, "\"timeMillis\":2");
    auto a = write_and_open("a.zip", {{"metadata.json", k_meta}, {"x.txt", "1"}});
    auto b = write_and_open("b.zip", {{"metadata.json", later}, {"x.txt", "1"}});
    auto report = compare(snapshot_of(a.reader, a.located, "a.zip"),
                          snapshot_of(b.reader, b.located, "b.zip"), {});
    ASSERT_TRUE(report.has_value());
    EXPECT_FALSE(report->differs());
    EXPECT_TRUE(report->entries.empty());
    EXPECT_EQ(report->unchanged, 1U);
}

TEST_F(ArchiveCompareTest, TotalSizeAboveTheLimitIsRefusedBeforeInflating)
{
    auto a =
        write_and_open("a.zip", {{"metadata.json", k_meta}, {"x.txt", std::string(4096, 'x')}});
    EXPECT_TRUE(check_total_size(a.reader).has_value());
    archive::Limits small;
    small.max_total_size = 1024;
    auto reader = archive::Reader::open_file(m_dir / "a.zip", small);
    ASSERT_TRUE(reader.has_value());
    auto within = check_total_size(*reader);
    ASSERT_FALSE(within.has_value());
    EXPECT_EQ(within.error().code, core::Errc::input);
    EXPECT_EQ(within.error().id, "limit-exceeded");
    EXPECT_NE(within.error().message.find("(--max-total-size)"), std::string::npos);
}

TEST_F(ArchiveCompareTest, DefaultLimitRefusesMoreThan4GiBClaimedInTotal)
{
    // Five entries claiming just under 1 GiB each (the per-entry limit): 5 GiB in total, above
    // the default 4 GiB; four would be within it.
    constexpr std::uint32_t k_just_under_1_gib = (1U << 30) - 1;
    auto five = archive::Reader::open_memory(test::build_zip_claiming(5, k_just_under_1_gib), "m");
    ASSERT_TRUE(five) << five.error().message;
    auto within = check_total_size(*five);
    ASSERT_FALSE(within.has_value());
    EXPECT_EQ(within.error().id, "limit-exceeded");
    EXPECT_NE(within.error().message.find("4294967296"), std::string::npos)
        << within.error().message;
    auto four = archive::Reader::open_memory(test::build_zip_claiming(4, k_just_under_1_gib), "m");
    ASSERT_TRUE(four) << four.error().message;
    EXPECT_TRUE(check_total_size(*four).has_value());
}

TEST_F(ArchiveCompareTest, OverlappedFileBombIsRefusedBeforeInflating)
{
    // 200 entries of ~1 MB sharing one 1 KB kernel: each claim is small, the sum is 200 MB.
    // textconv inflated all of it (minutes, ~470 MB) before this check existed.
    auto reader = archive::Reader::open_file(std::string(SSOSNAP_FIXTURES_DIR) +
                                             "/invalid/overlapping-entries-bomb.zip");
    ASSERT_TRUE(reader.has_value());
    auto within = check_total_size(*reader);
    ASSERT_FALSE(within.has_value());
    EXPECT_EQ(within.error().code, core::Errc::input);
    EXPECT_EQ(within.error().id, "overlapping-entries");
}

}  // namespace
}  // namespace ssosnap::diff
