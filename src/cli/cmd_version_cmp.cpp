// ssosnap version-cmp A B: Maven's version order for scripts ("<", "=" or ">", exit 0).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "metadata/version.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct VersionCmpArgs {
    std::string a;
    std::string b;
};

constexpr const char* k_footer =
    R"doc(Versions are ordered exactly as Maven 3.8's ComparableVersion orders them: numbers as
numbers, trailing zeros ignored (5.10.0 = 5.10), alpha < beta < milestone < rc = cr <
snapshot < release (ga, final, empty) < sp < other qualifiers; a1/b1/m1 mean alpha-1,
beta-1, milestone-1. The comparison is printed, not put into the exit status, so a script
reads it:

  [ "$(ssosnap version-cmp "$have" 6.0.0)" = "<" ] && echo "upgrade first"
  ssosnap version-cmp 5.2.1-SNAPSHOT 5.2.1        # prints <

Exit status: 0 compared (whatever the order), 2 usage error.)doc";

void run_version_cmp(Context& ctx, const VersionCmpArgs& args)
{
    const metadata::Version a(args.a);
    const metadata::Version b(args.b);
    const int c = a.compare(b);
    ctx.status = 0;
    if (!ctx.json) {
        ctx.out << metadata::order_symbol(c) << "\n";
        return;
    }
    auto doc = envelope(ctx);
    doc["a"] = {{"version", args.a}, {"canonical", a.canonical()}};
    doc["b"] = {{"version", args.b}, {"canonical", b.canonical()}};
    doc["order"] = metadata::order_symbol(c);
    doc["comparison"] = (c > 0) - (c < 0);
    print_json(ctx, doc);
}

}  // namespace

void add_version_cmp(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<VersionCmpArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    cmd->add_option("A", args->a, "First version, e.g. 5.2.1-SNAPSHOT")->required();
    cmd->add_option("B", args->b, "Second version, e.g. 5.2.1")->required();
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_version_cmp(ctx, *args);
    });
}

}  // namespace ssosnap::cli
