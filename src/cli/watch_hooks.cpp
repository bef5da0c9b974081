#include "cli/watch_hooks.hpp"

#include "cli/output.hpp"
#include "core/subprocess.hpp"
#include "metadata/local_time.hpp"
#include "rest/curl_transport.hpp"
#include "rest/hook.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

constexpr std::size_t k_max_listed = 100;  ///< changes listed in a document
constexpr std::size_t k_max_text = 5;      ///< changes named in its "text"

rest::CurlOptions hook_curl()
{
    rest::CurlOptions o;
    o.connect_timeout = std::chrono::milliseconds(5'000);
    o.total_timeout = std::chrono::milliseconds(30'000);
    o.user_agent = "ssosnap-watch";
    return o;
}

std::string drift_text(const std::string& instance, const workflow::WatchResult& r)
{
    const auto n = diff::count_risks(r.changes);
    const auto worst = n.worst();
    std::string text = "ssosnap watch: configuration drift (" +
                       std::string(worst ? diff::risk_class_name(*worst) : "none") + ") on " +
                       instance + ": " + std::to_string(n.high) + " high, " +
                       std::to_string(n.medium) + " medium, " + std::to_string(n.low) +
                       " low since " + r.baseline.filename().string();
    std::size_t listed = 0;
    for (const auto& c : r.changes) {
        if (listed == k_max_text) break;
        if (worst && c.risk != *worst) continue;
        text += std::string(listed == 0 ? ": " : "; ") + c.entry +
                (c.field.empty() ? "" : " " + c.field) + " " + c.change + " (" + c.reason + ")";
        ++listed;
    }
    return text;
}

}  // namespace

nlohmann::json drift_document(const std::string& instance, const workflow::WatchResult& r,
                              std::int64_t now_millis)
{
    const auto n = diff::count_risks(r.changes);
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : r.changes) {
        if (changes.size() == k_max_listed) break;
        changes.push_back({{"class", diff::risk_class_name(c.risk)},
                           {"entry", c.entry},
                           {"field", c.field},
                           {"change", c.change},
                           {"reason", c.reason}});
    }
    const auto worst = n.worst();
    return {{"version", k_notification_version},
            {"source", "ssosnap"},
            {"command", "watch"},
            {"event", "drift"},
            {"text", drift_text(instance, r)},
            {"instance", instance},
            {"time", metadata::utc_iso(now_millis)},
            {"baseline", r.baseline.filename().string()},
            {"current", r.current_label},
            {"evidence", r.evidence.empty() ? "" : r.evidence.filename().string()},
            {"worst", worst ? diff::risk_class_name(*worst) : ""},
            {"counts", {{"high", n.high}, {"medium", n.medium}, {"low", n.low}}},
            {"changes", changes},
            {"changes_truncated", r.changes.size() > k_max_listed}};
}

nlohmann::json failure_document(const std::string& command, const std::string& instance,
                                const core::Error& error, std::int64_t now_millis)
{
    return {{"version", k_notification_version},
            {"source", "ssosnap"},
            {"command", command},
            {"event", "failure"},
            {"text", "ssosnap " + command + ": FAILED on " + instance + ": " + error.message},
            {"instance", instance},
            {"time", metadata::utc_iso(now_millis)},
            {"error", error_json(error)}};
}

void notify(Context& ctx, const Hooks& hooks, const nlohmann::json& doc)
{
    const std::string body = doc.dump();
    if (!hooks.notify_url.empty()) {
        rest::CurlTransport curl(hook_curl());
        if (auto sent = rest::post_json(curl, hooks.notify_url, body, {}); !sent)
            warn(ctx, "--notify-url: " + sent.error().message);
    }
    if (!hooks.notify_command.empty()) {
        const auto argv = core::split_command(hooks.notify_command);
        auto ran = core::run_with_input(argv, body + "\n", std::chrono::seconds(60));
        if (!ran) {
            warn(ctx, "--notify-command: " + ran.error().message);
        } else if (*ran != 0) {
            warn(ctx, "--notify-command: " + argv.front() + " exited with status " +
                          std::to_string(*ran));
        }
    }
}

void ping(Context& ctx, const Hooks& hooks, const std::string& suffix)
{
    if (hooks.ping_url.empty()) return;
    rest::CurlTransport curl(hook_curl());
    if (auto sent = rest::ping_url(curl, hooks.ping_url, suffix, {}); !sent)
        warn(ctx, "--ping-url: " + sent.error().message);
}

}  // namespace ssosnap::cli
