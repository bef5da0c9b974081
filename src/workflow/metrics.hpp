#pragma once
// --metrics-file: the Prometheus text exposition format (version 0.0.4) for node_exporter's
// textfile collector, written atomically (temporary + rename) as the collector requires. One
// label set per instance (a profile, or the server's base URL). Every metric is a gauge named
// ssosnap_<command>_...; docs/operations.md lists them. The last success time survives a
// failed run: it is read back from the previous file.

#include "core/result.hpp"
#include "diff/risk.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::workflow
{

struct InstanceMetrics {
    std::string instance;                        ///< label value: profile or base URL
    std::int64_t attempt_millis = 0;             // epoch ms, UTC: when this run started
    std::optional<std::int64_t> success_millis;  // epoch ms, UTC: set when this run succeeded
    bool ok = false;
    double duration_seconds = 0;
    std::uint64_t bytes = 0;                  ///< size of the snapshot handled
    std::optional<diff::RiskCounts> changes;  ///< watch: changes by class
    std::optional<int> verify_failures;       ///< backup: error findings of the verify step
    std::string product;                      ///< info labels, empty when unknown
    std::string app_version;
    std::string plugin_version;
};

/// Returns `value` escaped for a label value: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

/// Renders the metrics of `command` ("watch" or "backup") for every instance, families
/// grouped, with HELP and TYPE lines. `ssosnap_version` goes into the info metric.
std::string render_metrics(std::string_view command, const std::vector<InstanceMetrics>& runs,
                           std::string_view ssosnap_version);

/// Returns the value of ssosnap_<command>_last_success_timestamp_seconds for `instance` in a
/// file this module wrote, in epoch ms, or nullopt.
std::optional<std::int64_t> previous_success(std::string_view text, std::string_view command,
                                             std::string_view instance);

/// Fills each run's missing success time from the existing file at `path`, renders and
/// writes it atomically (mode 0644: the collector runs as another user). Fails with
/// Errc::input.
core::Result<void> write_metrics_file(const std::filesystem::path& path, std::string_view command,
                                      std::vector<InstanceMetrics> runs,
                                      std::string_view ssosnap_version);

}  // namespace ssosnap::workflow
