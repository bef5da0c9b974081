#include "rest/ping.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

namespace ssosnap::rest
{
namespace
{

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width)
{
    if (pos + width > s.size()) return std::nullopt;
    int v = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + width, v);
    if (ec != std::errc() || end != s.data() + pos + width) return std::nullopt;
    return v;
}

bool at(std::string_view s, std::size_t pos, char c)
{
    return pos < s.size() && s[pos] == c;
}

}  // namespace

std::optional<OffsetDateTime> parse_offset_date_time(std::string_view s)
{
    using namespace std::chrono;
    auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
    if (!y || !mo || !d || !h || !mi || !sec || !at(s, 4, '-') || !at(s, 7, '-') ||
        !(at(s, 10, 'T') || at(s, 10, 't')) || !at(s, 13, ':') || !at(s, 16, ':'))
        return std::nullopt;
    year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok() || *h > 23 || *mi > 59 || *sec > 60) return std::nullopt;
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (at(s, pos, '.')) {
        std::size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            ++pos;
        if (pos == start) return std::nullopt;
        std::string frac(s.substr(start, std::min<std::size_t>(3, pos - start)));
        frac.resize(3, '0');
        millis = std::stoi(frac);
    }
    OffsetDateTime out;
    if (at(s, pos, 'Z') || at(s, pos, 'z')) {
        ++pos;
    } else if (at(s, pos, '+') || at(s, pos, '-')) {
        int sign = s[pos] == '-' ? -1 : 1;
        auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
        if (!oh || !om || !at(s, pos + 3, ':')) return std::nullopt;
        out.offset_minutes = sign * (*oh * 60 + *om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (at(s, pos, '[')) {
        auto close = s.find(']', pos);
        if (close == std::string_view::npos || close + 1 != s.size()) return std::nullopt;
        out.zone = std::string(s.substr(pos + 1, close - pos - 1));
        pos = close + 1;
    }
    if (pos != s.size()) return std::nullopt;
    auto local = sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*sec} + milliseconds{millis};
    out.epoch_millis = duration_cast<milliseconds>(local.time_since_epoch()).count() -
                       std::int64_t{out.offset_minutes} * 60'000;
    return out;
}

core::Result<PingInfo> parse_ping(std::string_view text)
{
    // Walking a hostile nesting recurses once per level: refuse it before parsing.
    if (core::json_nesting_depth(text) > core::k_max_json_depth)
        return core::fail(core::Errc::remote, "ping answer nested too deeply", "bad-response");
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("response")) {
        return core::fail(core::Errc::remote, "unexpected ping answer: not {\"response\":...}",
                          "bad-response");
    }
    PingInfo p;
    if (j["response"].is_string()) p.response = j["response"].get<std::string>();
    if (auto it = j.find("datetime"); it != j.end() && it->is_string()) {
        p.datetime = it->get<std::string>();
        if (auto dt = parse_offset_date_time(p.datetime)) {
            p.datetime_millis = dt->epoch_millis;
            p.utc_offset_minutes = dt->offset_minutes;
            p.zone = dt->zone;
        }
    }
    if (auto it = j.find("timestamp"); it != j.end() && it->is_number_integer())
        p.timestamp = it->get<std::int64_t>();
    return p;
}

}  // namespace ssosnap::rest
