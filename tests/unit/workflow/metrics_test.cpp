// Metrics: the text format (families grouped, escaped label values), and the last success
// time that survives a failed run because it is read back from the previous file.

#include "workflow/metrics.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace ssosnap::workflow
{
namespace
{

InstanceMetrics ok_run(const std::string& instance)
{
    InstanceMetrics m;
    m.instance = instance;
    m.attempt_millis = 1'700'000'000'000;
    m.success_millis = m.attempt_millis;
    m.ok = true;
    m.duration_seconds = 1.5;
    m.bytes = 4096;
    m.changes = diff::RiskCounts{.high = 2, .medium = 0, .low = 1};
    m.product = "JIRA";
    m.app_version = "9.12.2";
    m.plugin_version = "6.3.0";
    return m;
}

TEST(MetricsTest, EscapesLabelValuesAsTheExpositionFormatSays)
{
    EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(MetricsTest, GroupsEachFamilyWithOneLabelSetPerInstance)
{
    auto text = render_metrics("watch", {ok_run("prod"), ok_run("wi\"ki")}, "0.1.0");
    EXPECT_NE(text.find("# TYPE ssosnap_watch_success gauge\n"
                        "ssosnap_watch_success{instance=\"prod\"} 1\n"
                        "ssosnap_watch_success{instance=\"wi\\\"ki\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("ssosnap_watch_changes{instance=\"prod\",risk=\"high\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("ssosnap_watch_last_success_timestamp_seconds{instance=\"prod\"} "
                        "1700000000.000\n"),
              std::string::npos);
    EXPECT_NE(text.find("ssosnap_watch_info{instance=\"prod\",product=\"JIRA\",app_version="
                        "\"9.12.2\",plugin_version=\"6.3.0\",ssosnap_version=\"0.1.0\"} 1\n"),
              std::string::npos);
    // A watch run has no verify step: that family is left out, not written empty.
    EXPECT_EQ(text.find("verify_failures"), std::string::npos);
}

TEST(MetricsTest, AFailedRunKeepsTheLastSuccessOfThePreviousFile)
{
    const auto before = render_metrics("backup", {ok_run("prod")}, "0.1.0");
    EXPECT_EQ(previous_success(before, "backup", "prod"), 1'700'000'000'000);
    EXPECT_EQ(previous_success(before, "backup", "wiki"), std::nullopt);
    EXPECT_EQ(previous_success(before, "watch", "prod"), std::nullopt);

    auto dir = std::filesystem::temp_directory_path() / "ssosnap-metrics-test";
    std::filesystem::create_directories(dir);
    const auto file = dir / "m.prom";
    ASSERT_TRUE(write_metrics_file(file, "backup", {ok_run("prod")}, "0.1.0"));
    InstanceMetrics failed;
    failed.instance = "prod";
    failed.attempt_millis = 1'700'000'900'000;
    ASSERT_TRUE(write_metrics_file(file, "backup", {failed}, "0.1.0"));
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("ssosnap_backup_success{instance=\"prod\"} 0\n"), std::string::npos);
    EXPECT_NE(text.find("ssosnap_backup_last_success_timestamp_seconds{instance=\"prod\"} "
                        "1700000000.000\n"),
              std::string::npos)
        << text;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ssosnap::workflow
