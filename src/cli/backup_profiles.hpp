#pragma once
// ssosnap backup --all-profiles | --profiles a,b,c: one backup per connection profile, a
// bounded number at a time, each into DIR/<profile>/, with one summary. One failure never
// stops the others; the exit status is that of the first failed profile (in config or
// --profiles order), 0 when all succeeded.

#include "cli/age_flags.hpp"
#include "cli/connection.hpp"
#include "cli/context.hpp"
#include "cli/s3_support.hpp"
#include "workflow/backup.hpp"
#include "workflow/metrics.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct MultiBackupFlags {
    bool all_profiles = false;  ///< --all-profiles: every profile of the config file
    std::string profiles;       ///< --profiles a,b,c
    int parallel = 4;           ///< --parallel N: backups running at once
};

/// backup --metrics-file and --ping-url (docs/operations.md).
struct BackupMonitoring {
    std::string metrics_file;  ///< Prometheus textfile, one label set per profile
    std::string ping_url;      ///< URL/start, URL, URL/fail
};

/// Adds --metrics-file and --ping-url (help group "Monitoring") to `backup`.
void add_backup_monitoring_options(CLI::App& command, BackupMonitoring& flags);

/// Adds --metrics-file into `metrics_file` and --ping-url into `ping_url` (help group
/// "Monitoring"), for backup and watch alike; `when` says when the metrics are written
/// ("after the run", "after each run").
void add_monitoring_options(CLI::App& command, std::string& metrics_file, std::string& ping_url,
                            const std::string& when);

/// The metrics of one backup of `instance` that started at `attempt_millis` and ended with
/// `done` (or its error).
workflow::InstanceMetrics backup_metrics(const std::string& instance, std::int64_t attempt_millis,
                                         const core::Result<workflow::BackupResult>& done);

/// Writes --metrics-file (when given) for `runs`; an error is printed, the status kept.
void write_backup_metrics(Context& ctx, const BackupMonitoring& flags,
                          const std::vector<workflow::InstanceMetrics>& runs);

/// Adds --all-profiles, --profiles and --parallel to `backup`.
void add_multi_backup_options(CLI::App& command, MultiBackupFlags& flags);

/// True when --all-profiles or --profiles was given.
bool wants_multi_backup(const MultiBackupFlags& flags);

/// The profiles --all-profiles or --profiles name, in config or --profiles order. Fails with
/// Errc::usage (both given, --url/--profile/--token-stdin/--password-stdin given, no config,
/// an unknown profile) or the config file's error. Shared with `watch --all-profiles`.
core::Result<std::vector<std::string>>
select_profiles(Context& ctx, const ConnectionFlags& connection, const MultiBackupFlags& flags);

/// Runs the backups and prints the summary (table, or one JSON document); sets ctx.status.
/// With recipients in `age` (the flags), every backup is written encrypted to them
/// (NAME.zip.age); without, each profile's own encrypt-to / recipients-file keys decide.
/// With `to` an s3://BUCKET/PREFIX/, each profile's backup goes to PREFIX/<profile>/.
void run_multi_backup(Context& ctx, const ConnectionFlags& connection,
                      const MultiBackupFlags& flags, const std::string& to,
                      const std::string& description, const BackupMonitoring& monitoring,
                      const AgeFlags& age, const S3Flags& s3);

}  // namespace ssosnap::cli
