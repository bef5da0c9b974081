// The pure half of prune: restic-forget bucket semantics over dated items.
#include "workflow/prune.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

namespace ssosnap::workflow
{
namespace
{

using std::chrono::days;
using std::chrono::sys_days;

struct Civil {
    int year;
    unsigned month;
    unsigned day;
    int hour;
};

sys_days day_of(std::int64_t millis)
{
    auto tp = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(millis));
    return std::chrono::floor<days>(tp);
}

Civil civil_of(std::int64_t millis)
{
    auto d = day_of(millis);
    std::chrono::year_month_day ymd{d};
    auto ms_in_day = millis - std::chrono::milliseconds(d.time_since_epoch()).count();
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()),
            int(ms_in_day / 3'600'000)};
}

/// "YYYY-Www" of the ISO 8601 week holding `millis` (weeks start on Monday; week 1 holds
/// the year's first Thursday).
std::string iso_week(std::int64_t millis)
{
    auto d = day_of(millis);
    auto wd = std::chrono::weekday{d}.iso_encoding();  // 1 = Monday .. 7 = Sunday
    auto thursday = d - days(wd - 1) + days(3);
    std::chrono::year_month_day ymd{thursday};
    auto jan1 = sys_days{ymd.year() / std::chrono::January / 1};
    auto week = (thursday - jan1).count() / 7 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", int(ymd.year()), int(week));
    return buf;
}

std::string hour_key(std::int64_t m)
{
    auto c = civil_of(m);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d", c.year, c.month, c.day, c.hour);
    return buf;
}
std::string day_key(std::int64_t m)
{
    auto c = civil_of(m);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}
std::string month_key(std::int64_t m)
{
    auto c = civil_of(m);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u", c.year, c.month);
    return buf;
}
std::string year_key(std::int64_t m)
{
    return std::to_string(civil_of(m).year);
}

struct Bucket {
    const char* reason;
    int count;
    std::string (*key)(std::int64_t millis);
    std::string last;
};

/// Orders item indexes newest first; equal times by name, descending (names carry the time).
std::vector<std::size_t> newest_first(const std::vector<PruneItem>& items)
{
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        auto ta = items[a].time_millis.value_or(-1);
        auto tb = items[b].time_millis.value_or(-1);
        if (ta != tb) return ta > tb;
        return items[a].name > items[b].name;
    });
    return order;
}

}  // namespace

bool RetentionPolicy::empty() const
{
    return last <= 0 && hourly <= 0 && daily <= 0 && weekly <= 0 && monthly <= 0 && yearly <= 0;
}

std::vector<Verdict> apply_policy(const std::vector<PruneItem>& items,
                                  const RetentionPolicy& policy, IncludeProtected include_protected)
{
    std::vector<Bucket> buckets = {{"hourly", policy.hourly, hour_key, {}},
                                   {"daily", policy.daily, day_key, {}},
                                   {"weekly", policy.weekly, iso_week, {}},
                                   {"monthly", policy.monthly, month_key, {}},
                                   {"yearly", policy.yearly, year_key, {}}};
    std::vector<Verdict> out(items.size());
    int last_left = policy.last;
    int last_seen = 0;
    for (auto i : newest_first(items)) {
        const auto& item = items[i];
        auto& v = out[i];
        if (item.protection != Protection::none && include_protected == IncludeProtected::no) {
            v.keep = true;
            v.reasons.push_back(std::string("protected ") + protection_name(item.protection));
            continue;
        }
        if (!item.time_millis) {
            v.keep = true;
            v.reasons.emplace_back("undated (no timeMillis)");
            continue;
        }
        if (last_left > 0) {
            --last_left;
            v.keep = true;
            v.reasons.push_back("last " + std::to_string(++last_seen));
        }
        // restic: an item is kept by a bucket rule when it is the newest of a bucket not yet
        // seen by that rule, while the rule still has buckets left.
        for (auto& b : buckets) {
            if (b.count <= 0) continue;
            auto key = b.key(*item.time_millis);
            if (key == b.last) continue;
            b.last = key;
            --b.count;
            v.keep = true;
            v.reasons.push_back(std::string(b.reason) + " " + key);
        }
    }
    return out;
}

}  // namespace ssosnap::workflow
