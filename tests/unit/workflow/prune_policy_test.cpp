#include "workflow/prune.hpp"

#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include <set>

using namespace ssosnap::workflow;
using namespace std::chrono;

namespace
{

std::int64_t millis_of(int y, unsigned m, unsigned d, int hour)
{
    auto date = sys_days{year{y} / month{m} / day{d}};
    return duration_cast<milliseconds>((date + hours(hour)).time_since_epoch()).count();
}

std::string name_of(int y, unsigned m, unsigned d, int hour)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "sso-snapshot-%04d-%02u-%02u-%02d_00_00.zip", y, m, d, hour);
    return buf;
}

/// Two years of nightly backups (02:00 UTC, 2023-01-01 .. 2024-12-31) plus an extra one
/// every Monday at 14:00: 836 archives.
std::vector<PruneItem> two_years()
{
    std::vector<PruneItem> items;
    for (auto day = sys_days{2023y / January / 1}; day <= sys_days{2024y / December / 31};
         day += days(1)) {
        year_month_day ymd{day};
        int y = int(ymd.year());
        unsigned m = unsigned(ymd.month());
        unsigned d = unsigned(ymd.day());
        items.push_back({name_of(y, m, d, 2), millis_of(y, m, d, 2), Protection::none});
        if (weekday{day} == Monday)
            items.push_back({name_of(y, m, d, 14), millis_of(y, m, d, 14), Protection::none});
    }
    return items;
}

std::set<std::string> kept_names(const std::vector<PruneItem>& items,
                                 const std::vector<Verdict>& verdicts)
{
    std::set<std::string> out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (verdicts[i].keep) out.insert(items[i].name);
    return out;
}

struct Row {
    const char* label;
    RetentionPolicy policy;
    std::set<std::string> kept;
};

std::string n(int y, unsigned m, unsigned d, int hour = 2)
{
    return name_of(y, m, d, hour);
}

}  // namespace

TEST(PrunePolicyTest, SyntheticTwoYearsHasEveryArchive)
{
    EXPECT_EQ(two_years().size(), 731u + 105u);
}

TEST(PrunePolicyTest, KeepsWhatEachRuleSelectsOverTwoYears)
{
    const std::vector<Row> rows = {
        {"last 3", {.last = 3}, {n(2024, 12, 31), n(2024, 12, 30, 14), n(2024, 12, 30)}},
        {"daily 7",
         {.daily = 7},
         {n(2024, 12, 31), n(2024, 12, 30, 14), n(2024, 12, 29), n(2024, 12, 28), n(2024, 12, 27),
          n(2024, 12, 26), n(2024, 12, 25)}},
        // 2024-12-30 and -31 are ISO week 2025-W01; the week before ends on Sunday the 29th.
        {"weekly 4",
         {.weekly = 4},
         {n(2024, 12, 31), n(2024, 12, 29), n(2024, 12, 22), n(2024, 12, 15)}},
        // 2024-09-30 is a Monday: its 14:00 backup is that month's newest.
        {"monthly 12",
         {.monthly = 12},
         {n(2024, 12, 31), n(2024, 11, 30), n(2024, 10, 31), n(2024, 9, 30, 14), n(2024, 8, 31),
          n(2024, 7, 31), n(2024, 6, 30), n(2024, 5, 31), n(2024, 4, 30), n(2024, 3, 31),
          n(2024, 2, 29), n(2024, 1, 31)}},
        {"yearly 5 (only two years exist)", {.yearly = 5}, {n(2024, 12, 31), n(2023, 12, 31)}},
        {"combined",
         {.last = 3, .daily = 7, .weekly = 4, .monthly = 6, .yearly = 2},
         {n(2024, 12, 31), n(2024, 12, 30, 14), n(2024, 12, 30), n(2024, 12, 29), n(2024, 12, 28),
          n(2024, 12, 27), n(2024, 12, 26), n(2024, 12, 25), n(2024, 12, 22), n(2024, 12, 15),
          n(2024, 11, 30), n(2024, 10, 31), n(2024, 9, 30, 14), n(2024, 8, 31), n(2024, 7, 31),
          n(2023, 12, 31)}},
    };
    auto items = two_years();
    for (const auto& row : rows) {
        auto verdicts = apply_policy(items, row.policy, IncludeProtected::no);
        EXPECT_EQ(kept_names(items, verdicts), row.kept) << row.label;
    }
}

TEST(PrunePolicyTest, MonthlyBeyondTheDataKeepsOnePerMonth)
{
    auto items = two_years();
    auto kept = kept_names(items, apply_policy(items, {.monthly = 100}, IncludeProtected::no));
    EXPECT_EQ(kept.size(), 24u);
    EXPECT_TRUE(kept.count(n(2023, 2, 28)));
    EXPECT_TRUE(kept.count(n(2023, 1, 31)));
}

TEST(PrunePolicyTest, EveryReasonIsGivenForAnArchiveKeptByManyRules)
{
    auto items = two_years();
    auto verdicts =
        apply_policy(items, {.last = 1, .daily = 1, .weekly = 1, .monthly = 1, .yearly = 1},
                     IncludeProtected::no);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].name != n(2024, 12, 31)) {
            EXPECT_FALSE(verdicts[i].keep) << items[i].name;
            continue;
        }
        EXPECT_EQ(verdicts[i].reasons,
                  (std::vector<std::string>{"last 1", "daily 2024-12-31", "weekly 2025-W01",
                                            "monthly 2024-12", "yearly 2024"}));
    }
}

TEST(PrunePolicyTest, ProtectedSnapshotsAreKeptAndDoNotUseUpRules)
{
    auto items = two_years();
    items.push_back({"safety.zip", millis_of(2024, 12, 31, 3),
                     protection_of("ssosnap safety snapshot before restoring x (1)")});
    items.push_back({"upgrade.zip", millis_of(2023, 6, 1, 5),
                     protection_of("Backup before upgrade of config from version "
                                   "[unknown version] to 7.1.0")});
    auto verdicts = apply_policy(items, {.last = 2}, IncludeProtected::no);
    auto kept = kept_names(items, verdicts);
    EXPECT_EQ(kept, (std::set<std::string>{"safety.zip", "upgrade.zip", n(2024, 12, 31),
                                           n(2024, 12, 30, 14)}));
    EXPECT_EQ(verdicts[items.size() - 2].reasons,
              std::vector<std::string>{"protected safety snapshot"});
    EXPECT_EQ(verdicts[items.size() - 1].reasons,
              std::vector<std::string>{"protected vendor upgrade backup"});
}

TEST(PrunePolicyTest, IncludeProtectedSubjectsThemToTheRules)
{
    auto items = two_years();
    items.push_back({"safety.zip", millis_of(2024, 12, 31, 3), Protection::safety_snapshot});
    items.push_back({"upgrade.zip", millis_of(2023, 6, 1, 5), Protection::vendor_upgrade});
    auto kept = kept_names(items, apply_policy(items, {.last = 2}, IncludeProtected::yes));
    EXPECT_EQ(kept, (std::set<std::string>{"safety.zip", n(2024, 12, 31)}));
}

TEST(PrunePolicyTest, UndatedArchivesAreKept)
{
    std::vector<PruneItem> items = {{"a.zip", millis_of(2024, 1, 1, 0), Protection::none},
                                    {"b.zip", millis_of(2024, 1, 2, 0), Protection::none},
                                    {"nodate.zip", std::nullopt, Protection::none}};
    auto verdicts = apply_policy(items, {.last = 1}, IncludeProtected::no);
    EXPECT_FALSE(verdicts[0].keep);
    EXPECT_TRUE(verdicts[1].keep);
    EXPECT_TRUE(verdicts[2].keep);
    EXPECT_EQ(verdicts[2].reasons, std::vector<std::string>{"undated (no timeMillis)"});
}

TEST(PrunePolicyTest, EmptyPolicyIsRecognised)
{
    EXPECT_TRUE(RetentionPolicy{}.empty());
    EXPECT_FALSE(RetentionPolicy{.weekly = 1}.empty());
}

TEST(PrunePolicyTest, DescriptionsClassifyProtection)
{
    EXPECT_EQ(protection_of(safety_description("sso-snapshot-2024-01-01-00_00_00", "s")),
              Protection::safety_snapshot);
    EXPECT_EQ(protection_of("Backup before upgrade of config from version 6.0.0 to 7.0.0"),
              Protection::vendor_upgrade);
    EXPECT_EQ(protection_of(backup_description("nightly", "s")), Protection::none);
    EXPECT_NE(unique_stamp(1), unique_stamp(1));
}
