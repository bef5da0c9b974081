#include "metadata/locate.hpp"

#include <gtest/gtest.h>
#include <map>

using namespace ssosnap::metadata;

namespace
{
EntryReader reader_of(const std::map<std::string, std::string>& files)
{
    return [files](const std::string& n) -> std::optional<std::string> {
        auto it = files.find(n);
        return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}
// Views into the map's keys: `files` outlives the call.
std::vector<std::string_view> names_of(const std::map<std::string, std::string>& files)
{
    std::vector<std::string_view> out;
    for (const auto& [k, v] : files)
        out.push_back(k);
    return out;
}
}  // namespace

TEST(LocateTest, PrefersMetadataJson)
{
    std::map<std::string, std::string> files = {
        {"metadata.json", R"({"applicationName":"JIRA","pluginVersion":"6.1.0"})"},
        {"a.json", R"({"applicationName":"CONFLUENCE","pluginVersion":"1"})"}};
    auto m = locate_metadata(names_of(files), reader_of(files), std::nullopt);
    EXPECT_EQ(m.source, MetaSource::metadata_json);
    ASSERT_TRUE(m.meta);
    EXPECT_EQ(m.meta->application_name, "JIRA");
}

TEST(LocateTest, FallsBackToRootJsonThenSidecarThenFileName)
{
    std::map<std::string, std::string> files = {
        {"kerberos/x.json", R"({"applicationName":"NO","pluginVersion":"1"})"},
        {"info.json", R"({"applicationName":"BAMBOO","pluginVersion":"7"})"}};
    auto m = locate_metadata(names_of(files), reader_of(files), std::nullopt);
    EXPECT_EQ(m.source, MetaSource::root_json);
    EXPECT_EQ(m.entry, "info.json");
    EXPECT_EQ(m.meta->application_name, "BAMBOO");

    files.erase("info.json");
    auto s =
        locate_metadata(names_of(files), reader_of(files),
                        std::string(R"({"applicationName":"JIRA","pluginVersion":"5","id":"x"})"));
    EXPECT_EQ(s.source, MetaSource::sidecar);
    EXPECT_EQ(s.meta->application_name, "JIRA");

    auto none = locate_metadata(names_of(files), reader_of(files), std::nullopt);
    EXPECT_EQ(none.source, MetaSource::file_name);
    EXPECT_FALSE(none.meta);
    ASSERT_EQ(none.findings.size(), 1u);
    EXPECT_EQ(none.findings[0].code, "metadata-missing");
}

TEST(LocateTest, InvalidMetadataJsonIsAFinding)
{
    std::map<std::string, std::string> files = {{"metadata.json", "{oops"}};
    auto m = locate_metadata(names_of(files), reader_of(files), std::nullopt);
    EXPECT_FALSE(m.meta);
    ASSERT_EQ(m.findings.size(), 1u);
    EXPECT_EQ(m.findings[0].code, "metadata-invalid");
}
