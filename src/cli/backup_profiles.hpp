#pragma once
// ssosnap backup --all-profiles | --profiles a,b,c: one backup per connection profile, a
// bounded number at a time, each into DIR/<profile>/, with one summary. One failure never
// stops the others; the exit status is that of the first failed profile (in config or
// --profiles order), 0 when all succeeded.

#include "cli/connection.hpp"
#include "cli/context.hpp"
#include "crypt/age.hpp"

#include <string>

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

/// Adds --all-profiles, --profiles and --parallel to `backup`.
void add_multi_backup_options(CLI::App& command, MultiBackupFlags& flags);

/// True when --all-profiles or --profiles was given.
bool wants_multi_backup(const MultiBackupFlags& flags);

/// Runs the backups and prints the summary (table, or one JSON document); sets ctx.status.
/// With recipients in `encrypt`, every backup is written encrypted (NAME.zip.age).
void run_multi_backup(Context& ctx, const ConnectionFlags& connection,
                      const MultiBackupFlags& flags, const std::string& to,
                      const std::string& description, const crypt::AgeOptions& encrypt);

}  // namespace ssosnap::cli
