#pragma once
// Shared by the remote and tokens commands (cmd_remote.cpp, remote_transfer.cpp,
// cmd_tokens.cpp): adding a leaf subcommand with the connection options and --json, and
// rendering snapshot records.

#include "cli/connection.hpp"
#include "cli/context.hpp"
#include "metadata/snapshot.hpp"

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

/// Adds `parent_name name` below `parent` with the connection options and --json. Its
/// callback sets ctx.command, opens a session (errors are reported) and runs `run`.
CLI::App* add_remote_leaf(CLI::App& parent, Context& ctx, const std::string& parent_name,
                          const char* name, const char* summary,
                          std::function<void(RemoteSession&)> run);

/// A snapshot record as JSON, in the server's shape.
nlohmann::json record_json(const metadata::SnapshotRecord& record);

/// "2022-01-04T12:17:03Z" for timeMillis, "" when absent.
std::string taken_utc(const metadata::SnapshotRecord& record);

/// Adds `remote download` and `remote upload` (remote_transfer.cpp).
void add_remote_transfer(CLI::App& remote, Context& ctx);

/// Adds `remote prune` (cmd_remote_prune.cpp: prune's rules over the server's snapshots).
void add_remote_prune(CLI::App& remote, Context& ctx, const std::string& parent_name);

/// Adds `remote restore ID` (cmd_restore.cpp: the gate and rendering it shares with restore).
void add_remote_restore(CLI::App& remote, Context& ctx, const std::string& parent_name);

}  // namespace ssosnap::cli
