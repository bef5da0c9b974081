// ssosnap remote ping | list | create | restore | delete (download and upload live in
// remote_transfer.cpp, prune in cmd_remote_prune.cpp): thin renderings of the KantegaClient calls.

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/remote_common.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "rest/url.hpp"
#include "workflow/descriptions.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

constexpr const char* k_footer =
    R"(Connection: --url (or SSOSNAP_URL), --user (or SSOSNAP_USER), and a token from
--token-file FILE, --token-stdin or SSOSNAP_TOKEN (a password: --password-stdin or
SSOSNAP_PASSWORD). Snapshot endpoints need a system administrator.

Examples:
  export SSOSNAP_URL=https://jira.example.test SSOSNAP_USER=admin
  ssosnap remote list --token-file ~/.config/ssosnap/token
  ssosnap remote create --description "before IdP change" --token-file ~/.config/ssosnap/token
  ssosnap remote download sso-snapshot-2024-05-01-02_00_00 --to backups/ --token-stdin < token
  ssosnap remote prune --keep-last 5 --dry-run --token-file ~/.config/ssosnap/token

Download, upload and delete use paths this project assumes (no vendor documentation):
override them with --download-path, --upload-path, --delete-path. See docs/rest-api.md.)";

void run_ping(Context& ctx, RemoteSession& s)
{
    auto p = s.client().ping();
    if (!p) return void(report_error(ctx, p.error()));
    std::optional<std::int64_t> skew;
    if (auto server = p->timestamp ? p->timestamp : p->datetime_millis)
        skew = *server - core::now_millis();
    const auto url = rest::redact_url(s.resolved().client.base_url);
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["url"] = url;
        doc["response"] = p->response;
        doc["datetime"] = p->datetime;
        doc["timestamp"] = p->timestamp ? nlohmann::json(*p->timestamp) : nlohmann::json();
        doc["zone"] = p->zone;
        doc["clock_skew_ms"] = skew ? nlohmann::json(*skew) : nlohmann::json();
        print_json(ctx, doc);
        return;
    }
    std::vector<std::vector<std::string>> rows = {
        {"server", url}, {"response", p->response}, {"server time", p->datetime}};
    if (skew) {
        rows.push_back({"clock skew", seconds_text(*skew) + " (server minus this machine)"});
    }
    print_table(ctx.out, rows);
}

void run_list(Context& ctx, RemoteSession& s)
{
    auto list = s.client().list_snapshots();
    if (!list) return void(report_error(ctx, list.error()));
    std::stable_sort(list->begin(), list->end(), [](const auto& a, const auto& b) {
        return a.meta.time_millis.value_or(0) < b.meta.time_millis.value_or(0);
    });
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["url"] = rest::redact_url(s.resolved().client.base_url);
        doc["snapshots"] = nlohmann::json::array();
        for (const auto& r : *list)
            doc["snapshots"].push_back(record_json(r));
        print_json(ctx, doc);
        return;
    }
    if (list->empty()) {
        ctx.out << "no snapshots on " << rest::redact_url(s.resolved().client.base_url) << "\n";
        return;
    }
    std::vector<std::vector<std::string>> rows = {
        {"ID", "TAKEN (UTC)", "APP", "APP VERSION", "PLUGIN", "READABLE", "DESCRIPTION"}};
    for (const auto& r : *list) {
        rows.push_back({r.id, taken_utc(r), r.meta.application_name, r.meta.application_version,
                        r.meta.plugin_version, r.readable ? "yes" : "NO", r.meta.description});
    }
    print_table(ctx.out, rows);
}

void run_create(Context& ctx, RemoteSession& s, const std::string& given)
{
    // The create answer is undocumented: the new id is found by listing and matching the
    // description, so it must be unique.
    std::string description =
        given.empty() ? "ssosnap remote create " + workflow::unique_stamp(core::now_millis())
                      : given;
    auto rec = s.client().create_snapshot(description);
    if (!rec) return void(report_error(ctx, rec.error()));
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["snapshot"] = record_json(*rec);
        print_json(ctx, doc);
        return;
    }
    ctx.out << rec->id << "\n";
    ctx.err << "created snapshot " << rec->id << " described " << core::quote(description) << "\n";
}

void run_simple(Context& ctx, const core::Result<void>& done, const char* key,
                const std::string& id, const std::string& message)
{
    if (!done) return void(report_error(ctx, done.error()));
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc[key] = id;
        print_json(ctx, doc);
        return;
    }
    ctx.out << message << "\n";
}

}  // namespace

void add_remote(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto* remote = parent.add_subcommand(spec.name, spec.summary);
    remote->require_subcommand(1);
    remote->footer(k_footer);
    add_json_flag(*remote, ctx);
    const std::string name = spec.name;

    add_remote_leaf(*remote, ctx, name, "ping",
                    "Check the server answers and the credentials work (Kantega SSO >= 5.7.0)",
                    [&ctx](RemoteSession& s) { run_ping(ctx, s); });
    add_remote_leaf(*remote, ctx, name, "list", "List the server's snapshots, oldest first",
                    [&ctx](RemoteSession& s) { run_list(ctx, s); });

    auto description = std::make_shared<std::string>();
    auto* create = add_remote_leaf(
        *remote, ctx, name, "create", "Take a snapshot of the live config; prints its id",
        [&ctx, description](RemoteSession& s) { run_create(ctx, s, *description); });
    create->add_option("--description", *description,
                       "Description to store (default: a generated unique one; the id is found "
                       "by description, so keep it unique)");

    add_remote_restore(*remote, ctx, name);

    auto delete_id = std::make_shared<std::string>();
    auto* del = add_remote_leaf(*remote, ctx, name, "delete",
                                "Delete a snapshot on the server (assumed endpoint)",
                                [&ctx, delete_id](RemoteSession& s) {
                                    run_simple(ctx, s.client().delete_snapshot(*delete_id),
                                               "deleted", *delete_id, "deleted " + *delete_id);
                                });
    del->add_option("ID", *delete_id, "Snapshot id")->required();

    add_remote_prune(*remote, ctx, name);
    add_remote_transfer(*remote, ctx);
}

}  // namespace ssosnap::cli
