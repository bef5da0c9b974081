#pragma once
// The static table of subcommands (ninja-style): name, one-line summary, and the function
// that adds it to the parser. Each command lives in its own cmd_<name>.cpp.

#include "cli/context.hpp"

#include <string_view>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct CommandSpec {
    const char* name;
    const char* summary;
    /// Adds the subcommand to `parent`; its callback does the work and sets ctx.status.
    void (*add)(CLI::App& parent, Context& ctx, const CommandSpec& spec);
};

/// Every top-level command, in the order `ssosnap --help` lists them.
const std::vector<CommandSpec>& command_table();

/// Returns the command name closest to `typo` (edit distance ≤ 2), or empty.
std::string_view suggest_command(std::string_view typo);

/// Returns the name among `names` closest to `typo` (edit distance ≤ 2), or empty.
std::string_view closest_name(std::string_view typo, const std::vector<std::string_view>& names);

// One per cmd_<name>.cpp.
void add_inspect(CLI::App&, Context&, const CommandSpec&);
void add_verify(CLI::App&, Context&, const CommandSpec&);
void add_extract(CLI::App&, Context&, const CommandSpec&);
void add_create(CLI::App&, Context&, const CommandSpec&);
void add_validate(CLI::App&, Context&, const CommandSpec&);
void add_ls(CLI::App&, Context&, const CommandSpec&);
void add_version_cmp(CLI::App&, Context&, const CommandSpec&);
void add_completion(CLI::App&, Context&, const CommandSpec&);
void add_diff(CLI::App&, Context&, const CommandSpec&);
void add_log(CLI::App&, Context&, const CommandSpec&);
void add_textconv(CLI::App&, Context&, const CommandSpec&);
void add_remote(CLI::App&, Context&, const CommandSpec&);
void add_tokens(CLI::App&, Context&, const CommandSpec&);
void add_backup(CLI::App&, Context&, const CommandSpec&);
void add_restore(CLI::App&, Context&, const CommandSpec&);
void add_prune(CLI::App&, Context&, const CommandSpec&);
void add_copy(CLI::App&, Context&, const CommandSpec&);
void add_rebase(CLI::App&, Context&, const CommandSpec&);
void add_watch(CLI::App&, Context&, const CommandSpec&);

}  // namespace ssosnap::cli
