#include "cli/remote_common.hpp"

#include "cli/output.hpp"
#include "metadata/local_time.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{

CLI::App* add_remote_leaf(CLI::App& parent, Context& ctx, const std::string& parent_name,
                          const char* name, const char* summary,
                          std::function<void(RemoteSession&)> run)
{
    auto* cmd = parent.add_subcommand(name, summary);
    auto conn = std::make_shared<ConnectionFlags>();
    add_connection_options(*cmd, *conn);
    add_json_flag(*cmd, ctx);
    cmd->callback([&ctx, conn, full = parent_name + " " + name, run = std::move(run)] {
        ctx.command = full;
        auto session = open_session(ctx, *conn);
        if (!session) {
            report_error(ctx, session.error());
            return;
        }
        run(**session);
    });
    return cmd;
}

nlohmann::json record_json(const metadata::SnapshotRecord& record)
{
    return nlohmann::json::parse(metadata::to_json(record, -1));
}

std::string taken_utc(const metadata::SnapshotRecord& record)
{
    if (!record.meta.time_millis) return {};
    return metadata::utc_iso(*record.meta.time_millis).substr(0, 19) + "Z";
}

}  // namespace ssosnap::cli
