// backup --metrics-file and --ping-url: the Prometheus metrics of backup runs (one label set
// per server) and the dead-man's switch, shared by one-server and many-server backups.

#include "cli/backup_profiles.hpp"
#include "cli/output.hpp"
#include "core/clock.hpp"
#include "workflow/fetch.hpp"

#include <CLI/CLI.hpp>

namespace ssosnap::cli
{

void add_monitoring_options(CLI::App& cmd, std::string& metrics_file, std::string& ping_url,
                            const std::string& when)
{
    const char* group = "Monitoring";
    cmd.add_option("--metrics-file", metrics_file,
                   "Write Prometheus metrics here (atomically) " + when +
                       ", for node_exporter's textfile collector (docs/operations.md)")
        ->type_name("PATH")
        ->group(group);
    cmd.add_option("--ping-url", ping_url,
                   "Dead-man's switch: GET URL/start at the start, URL on success, URL/fail on "
                   "failure")
        ->type_name("URL")
        ->group(group);
}

void add_backup_monitoring_options(CLI::App& cmd, BackupMonitoring& f)
{
    add_monitoring_options(cmd, f.metrics_file, f.ping_url, "after the run");
}

workflow::InstanceMetrics backup_metrics(const std::string& instance, std::int64_t attempt_millis,
                                         const core::Result<workflow::BackupResult>& done)
{
    workflow::InstanceMetrics m;
    m.instance = instance;
    m.attempt_millis = attempt_millis;
    m.duration_seconds = static_cast<double>(core::now_millis() - attempt_millis) / 1000.0;
    m.ok = done.has_value();
    if (!done) {
        const bool not_intact =
            done.error().message.find(workflow::k_not_intact) != std::string::npos;
        m.verify_failures = not_intact ? 1 : 0;
        return m;
    }
    m.success_millis = attempt_millis;
    m.bytes = done->bytes;
    m.verify_failures = 0;
    m.product = done->record.meta.application_name;
    m.app_version = done->record.meta.application_version;
    m.plugin_version = done->record.meta.plugin_version;
    return m;
}

void write_backup_metrics(Context& ctx, const BackupMonitoring& flags,
                          const std::vector<workflow::InstanceMetrics>& runs)
{
    if (flags.metrics_file.empty()) return;
    auto written =
        workflow::write_metrics_file(flags.metrics_file, "backup", runs, SSOSNAP_VERSION);
    if (!written) print_error_line(ctx, written.error());
}

}  // namespace ssosnap::cli
