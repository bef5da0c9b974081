#pragma once
// What `watch` (and `backup`) tell the outside world: the notification document (versioned
// JSON with a chat-friendly "text") POSTed to --notify-url and piped to --notify-command, and
// the --ping-url dead-man's switch. Hook failures are warnings: they never change the exit
// status of the run they report on. No document holds a secret: changes are named by entry,
// field and class, never by value; hook URLs are shown by their origin only.

#include "cli/context.hpp"
#include "core/result.hpp"
#include "workflow/watch.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ssosnap::cli
{

/// The notification document's schema version (docs/cli.md, "watch notifications").
inline constexpr int k_notification_version = 1;

struct Hooks {
    std::string notify_url;      ///< --notify-url
    std::string notify_command;  ///< --notify-command (split on blanks, no shell)
    std::string ping_url;        ///< --ping-url
};

/// The document for a run that found drift (`result`) or failed (`error`).
nlohmann::json drift_document(const std::string& instance, const workflow::WatchResult& result,
                              std::int64_t now_millis);
nlohmann::json failure_document(const std::string& command, const std::string& instance,
                                const core::Error& error, std::int64_t now_millis);

/// Sends `doc` to --notify-url and --notify-command (each when set); warns on failure.
void notify(Context& ctx, const Hooks& hooks, const nlohmann::json& doc);

/// Calls --ping-url + `suffix` ("/start", "", "/fail") when set; warns on failure.
void ping(Context& ctx, const Hooks& hooks, const std::string& suffix);

}  // namespace ssosnap::cli
