#include "workflow/metrics.hpp"

#include "core/files.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace ssosnap::workflow
{
namespace
{

std::string seconds(std::int64_t millis)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(millis) / 1000.0);
    return buf;
}

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

std::string instance_label(const InstanceMetrics& m)
{
    return "instance=\"" + escape_label_value(m.instance) + "\"";
}

using Sample =
    std::function<void(std::string& out, const std::string& name, const InstanceMetrics& m)>;

void family(std::string& out, const std::string& name, const char* help,
            const std::vector<InstanceMetrics>& runs, const Sample& sample)
{
    std::string body;
    for (const auto& m : runs)
        sample(body, name, m);
    if (body.empty()) return;
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + body;
}

void simple(std::string& out, const std::string& name, const InstanceMetrics& m,
            const std::string& value)
{
    out += name + "{" + instance_label(m) + "} " + value + "\n";
}

}  // namespace

std::string escape_label_value(std::string_view value)
{
    std::string out;
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string render_metrics(std::string_view command, const std::vector<InstanceMetrics>& runs,
                           std::string_view ssosnap_version)
{
    const std::string p = "ssosnap_" + std::string(command) + "_";
    std::string out;
    family(out, p + "last_attempt_timestamp_seconds", "Start of the last run, Unix time.", runs,
           [](auto& o, auto& n, auto& m) { simple(o, n, m, seconds(m.attempt_millis)); });
    family(out, p + "last_success_timestamp_seconds",
           "Start of the last successful run, Unix time.", runs, [](auto& o, auto& n, auto& m) {
               if (m.success_millis) simple(o, n, m, seconds(*m.success_millis));
           });
    family(out, p + "success", "1 when the last run succeeded, 0 when it failed.", runs,
           [](auto& o, auto& n, auto& m) { simple(o, n, m, m.ok ? "1" : "0"); });
    family(out, p + "duration_seconds", "Duration of the last run.", runs,
           [](auto& o, auto& n, auto& m) { simple(o, n, m, number(m.duration_seconds)); });
    family(out, p + "snapshot_bytes", "Size of the snapshot handled by the last run.", runs,
           [](auto& o, auto& n, auto& m) {
               if (m.ok) simple(o, n, m, std::to_string(m.bytes));
           });
    family(out, p + "changes", "Changes from the baseline by risk class, last run.", runs,
           [](auto& o, auto& n, auto& m) {
               if (!m.changes) return;
               const std::pair<const char*, std::size_t> by[] = {{"high", m.changes->high},
                                                                 {"medium", m.changes->medium},
                                                                 {"low", m.changes->low}};
               for (const auto& [risk, count] : by) {
                   o += n + "{" + instance_label(m) + ",risk=\"" + risk + "\"} " +
                        std::to_string(count) + "\n";
               }
           });
    family(out, p + "verify_failures", "Error findings of the last verify step.", runs,
           [](auto& o, auto& n, auto& m) {
               if (m.verify_failures) simple(o, n, m, std::to_string(*m.verify_failures));
           });
    const std::string version = escape_label_value(ssosnap_version);
    family(out, "ssosnap_" + std::string(command) + "_info",
           "Product, app and plugin version seen by the last successful run (value 1).", runs,
           [&version](auto& o, auto& n, auto& m) {
               if (m.product.empty() && m.app_version.empty()) return;
               o += n + "{" + instance_label(m) + ",product=\"" + escape_label_value(m.product) +
                    "\",app_version=\"" + escape_label_value(m.app_version) +
                    "\",plugin_version=\"" + escape_label_value(m.plugin_version) +
                    "\",ssosnap_version=\"" + version + "\"} 1\n";
           });
    return out;
}

std::optional<std::int64_t> previous_success(std::string_view text, std::string_view command,
                                             std::string_view instance)
{
    const std::string prefix = "ssosnap_" + std::string(command) +
                               "_last_success_timestamp_seconds{instance=\"" +
                               escape_label_value(instance) + "\"} ";
    const auto at = text.find(prefix);
    if (at == std::string_view::npos || (at > 0 && text[at - 1] != '\n')) return std::nullopt;
    const auto start = at + prefix.size();
    const auto end = text.find('\n', start);
    const std::string value(text.substr(start, end == std::string_view::npos ? end : end - start));
    char* stop = nullptr;
    const double v = std::strtod(value.c_str(), &stop);
    if (stop == value.c_str() || v < 0 || v > 1e13) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(v * 1000.0));
}

core::Result<void> write_metrics_file(const std::filesystem::path& path, std::string_view command,
                                      std::vector<InstanceMetrics> runs,
                                      std::string_view ssosnap_version)
{
    std::string old;
    if (auto text = core::read_file(path, 16 << 20)) old = std::move(*text);
    for (auto& m : runs) {
        if (!m.success_millis) m.success_millis = previous_success(old, command, m.instance);
    }
    auto written = core::write_file_atomic(path, render_metrics(command, runs, ssosnap_version),
                                           core::FileMode::shared);
    if (!written)
        return core::fail(written.error().with_context("writing --metrics-file " + path.string()));
    return {};
}

}  // namespace ssosnap::workflow
