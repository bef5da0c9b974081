#include "cli/commands.hpp"
#include "cli/introspect.hpp"
#include "cli/output.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{

void add_completion(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer("Examples:\n"
                "  ssosnap completion bash > /etc/bash_completion.d/ssosnap\n"
                "  ssosnap completion zsh > \"${fpath[1]}/_ssosnap\"\n"
                "  eval \"$(ssosnap completion bash --complete-remote)\"   # also remote ids");
    struct Options {
        std::string shell;
        bool remote = false;
    };
    auto opts = std::make_shared<Options>();
    cmd->add_option("SHELL", opts->shell, "bash or zsh")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh"}));
    cmd->add_flag("--complete-remote", opts->remote,
                  "Also complete remote snapshot ids (asks the server in SSOSNAP_URL)");
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, opts] {
        ctx.command = spec.name;
        std::string script = completion_script(opts->shell, opts->remote);
        if (ctx.json) {
            auto doc = envelope(ctx);
            doc["shell"] = opts->shell;
            doc["script"] = script;
            print_json(ctx, doc);
        } else {
            ctx.out << script;
        }
        ctx.status = 0;
    });
}

}  // namespace ssosnap::cli
