#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <CLI/CLI.hpp>

namespace ssosnap::cli
{

// Placeholder until the command lands: registered so --help lists it, fails clearly.
void add_validate(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec] {
        ctx.command = spec.name;
        report_error(ctx, {core::Errc::internal, std::string(spec.name) + ": not implemented yet",
                           "not-implemented"});
    });
}

}  // namespace ssosnap::cli
