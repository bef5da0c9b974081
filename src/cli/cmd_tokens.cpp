// ssosnap tokens list | create | revoke: Kantega API tokens. A token value is shown once,
// at creation (or saved to a new 0600 file with --save); list never shows one (the server
// does not send it).

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/remote_common.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

constexpr std::int64_t k_day_millis = 86'400'000;

constexpr const char* k_footer =
    R"(Connection: as for 'ssosnap remote' (--url, --user, --token-file / --token-stdin /
SSOSNAP_TOKEN, or a password with --password-stdin / SSOSNAP_PASSWORD). Administrators see
every user's tokens; other users see their own.

Examples:
  ssosnap tokens list --expiring-within 30 --url https://jira.example.test --user admin --password-stdin
  ssosnap tokens create --name backup-job --days 90 --save ~/.config/ssosnap/token --password-stdin
  ssosnap tokens revoke 67)";

struct ListFlags {
    int within_days = 14;
};

struct CreateFlags {
    std::string name;
    std::string description;
    int days = 0;
    bool forever = false;
    std::string save;
};

std::optional<std::int64_t> days_left(const rest::ApiToken& t, std::int64_t now)
{
    if (t.never_expires) return std::nullopt;
    // Started days count: a token made with --days 1 has 1 day left, not 0, until it expires;
    // an expired one shows how many days ago (-1 for less than a day). The list records carry
    // timeUntilExpiryMillis (documented) where a created token carries expiresAtMillis.
    std::optional<std::int64_t> left;
    if (t.expires_at_millis)
        left = *t.expires_at_millis - now;
    else if (t.millis_until_expiry)
        left = *t.millis_until_expiry;
    if (!left) return t.days_until_expiry;
    return *left >= 0 ? (*left + k_day_millis - 1) / k_day_millis
                      : -((-*left + k_day_millis - 1) / k_day_millis);
}

std::string note_of(const rest::ApiToken& t, std::optional<std::int64_t> left, int within)
{
    std::vector<std::string> notes;
    if (left && *left < 0) {
        notes.emplace_back("EXPIRED");
    } else if (left && *left <= within) {
        notes.emplace_back("EXPIRING");
    }
    if (t.name_from_description) notes.emplace_back("name from description (5.7.0 bug)");
    std::string out;
    for (const auto& n : notes)
        out += (out.empty() ? "" : "; ") + n;
    return out;
}

nlohmann::json token_json(const rest::ApiToken& t)
{
    nlohmann::json j;
    j["id"] = t.id ? nlohmann::json(*t.id) : nlohmann::json();
    j["name"] = t.name;
    j["name_from_description"] = t.name_from_description;
    j["description"] = t.description;
    j["username"] = t.username;
    j["created_at"] = t.created_at;
    j["created_at_millis"] = t.created_at_millis ? nlohmann::json(*t.created_at_millis) : nullptr;
    j["expires_at"] = t.expires_at;
    j["expires_at_millis"] = t.expires_at_millis ? nlohmann::json(*t.expires_at_millis) : nullptr;
    j["never_expires"] = t.never_expires;
    return j;
}

void run_list(Context& ctx, RemoteSession& s, const ListFlags& f)
{
    auto list = s.client().list_tokens();
    if (!list) return void(report_error(ctx, list.error()));
    auto now = core::now_millis();
    bool quirk = false;
    auto doc = envelope(ctx);
    doc["admin_view"] = list->admin_view;
    doc["expiring_within_days"] = f.within_days;
    doc["tokens"] = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows = {
        {"ID", "NAME", "USER", "CREATED", "EXPIRES", "DAYS LEFT", "NOTE"}};
    for (const auto& t : list->tokens) {
        auto left = days_left(t, now);
        quirk = quirk || t.name_from_description;
        auto j = token_json(t);
        j["days_left"] = left ? nlohmann::json(*left) : nullptr;
        j["expiring"] = left.has_value() && *left <= f.within_days;
        doc["tokens"].push_back(j);
        rows.push_back({t.id ? std::to_string(*t.id) : "-", t.name, t.username, t.created_at,
                        t.never_expires ? "never" : t.expires_at,
                        left ? std::to_string(*left) : "-", note_of(t, left, f.within_days)});
    }
    if (quirk) {
        warn(ctx, "some records have no tokenName (a Kantega SSO 5.7.0 bug): their description "
                  "is shown as the name");
    }
    if (ctx.json) return print_json(ctx, doc);
    if (list->tokens.empty()) {
        ctx.out << "no API tokens\n";
        return;
    }
    print_table(ctx.out, rows);
    ctx.err << (list->admin_view ? "every user's tokens (administrator view)" : "your own tokens")
            << "; EXPIRING = within " << f.within_days << " days\n";
}

core::Result<void> check_save_target(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found)
        return core::fail(core::Errc::input,
                          "--save " + core::quote(path) +
                              " exists; "
                              "choose a new file (tokens are never overwritten)");
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
        return core::fail(core::Errc::input, "--save: no folder " + core::quote(dir.string()));
    return {};
}

void print_created(Context& ctx, const rest::CreatedToken& c, const CreateFlags& f)
{
    std::string id = c.token.id ? std::to_string(*c.token.id) : "?";
    std::string expires = c.token.never_expires ? "never" : c.token.expires_at;
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["token"] = token_json(c.token);
        doc["valid_for_days"] = c.valid_for_days;
        if (f.save.empty()) {
            doc["api_token"] = c.api_token;  // asked for: creation is the only time it exists
        } else {
            doc["saved_to"] = f.save;
        }
        return print_json(ctx, doc);
    }
    ctx.err << "created token " << id << " " << core::quote(c.token.name) << ", expires " << expires
            << "\n";
    if (!f.save.empty()) {
        ctx.out << "saved token " << id << " to " << f.save << " (mode 0600)\n";
        return;
    }
    ctx.out << c.api_token << "\n";
    ctx.err << "this is the only time the token is shown: store it now (or use --save FILE)\n";
}

void run_create(Context& ctx, RemoteSession& s, const CreateFlags& f)
{
    if (!f.save.empty()) {
        if (auto ok = check_save_target(f.save); !ok) return void(report_error(ctx, ok.error()));
    }
    rest::TokenRequest rq;
    rq.name = f.name;
    rq.description = f.description;
    rq.forever = f.forever;
    if (f.days > 0) rq.valid_for_days = f.days;
    auto created = s.client().create_token(rq);
    if (!created) return void(report_error(ctx, created.error()));
    if (!f.save.empty()) {
        auto w = core::write_file_atomic(f.save, created->api_token + "\n", core::FileMode::secret,
                                         core::Overwrite::no);
        if (!w) {
            std::string id = created->token.id ? std::to_string(*created->token.id) : "?";
            auto e = w.error().with_context("token " + id + " was created but not saved");
            e.message += "; revoke it with 'ssosnap tokens revoke " + id + "'";
            return void(report_error(ctx, e));
        }
    }
    print_created(ctx, *created, f);
}

}  // namespace

void add_tokens(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto* tokens = parent.add_subcommand(spec.name, spec.summary);
    tokens->require_subcommand(1);
    tokens->footer(k_footer);
    add_json_flag(*tokens, ctx);
    const std::string name = spec.name;

    auto lf = std::make_shared<ListFlags>();
    auto* list =
        add_remote_leaf(*tokens, ctx, name, "list",
                        "List API tokens (never their values), marking those expiring soon",
                        [&ctx, lf](RemoteSession& s) { run_list(ctx, s, *lf); });
    list->add_option("--expiring-within", lf->within_days,
                     "Mark as EXPIRING (JSON: \"expiring\": true) every token with at most DAYS "
                     "days left; all tokens are listed either way")
        ->type_name("DAYS")
        ->check(CLI::Validator(CLI::NonNegativeNumber).description(""))  // no ":NONNEGATIVE"
        ->capture_default_str();

    auto cf = std::make_shared<CreateFlags>();
    auto* create =
        add_remote_leaf(*tokens, ctx, name, "create",
                        "Create an API token for the calling user; shows it once (or --save FILE)",
                        [&ctx, cf](RemoteSession& s) { run_create(ctx, s, *cf); });
    create->add_option("--name", cf->name, "Token name (server default: api_token_<time>)");
    create->add_option("--description", cf->description, "Token description");
    auto* days = create
                     ->add_option("--days", cf->days,
                                  "Days until the token expires, 1 to 36500 (without --days or "
                                  "--forever the server decides: 30 days)")
                     ->type_name("DAYS")
                     ->check(CLI::Range(1, 36500).description(""));  // the text says the range
    create->add_flag("--forever", cf->forever, "The token never expires")->excludes(days);
    create->add_option("--save", cf->save,
                       "Write the token to this new file (mode 0600) instead of printing it");

    auto id = std::make_shared<std::string>();
    auto* revoke = add_remote_leaf(*tokens, ctx, name, "revoke",
                                   "Revoke (expire) an API token by id (assumed endpoint)",
                                   [&ctx, id](RemoteSession& s) {
                                       auto done = s.client().revoke_token(*id);
                                       if (!done) return void(report_error(ctx, done.error()));
                                       if (ctx.json) {
                                           auto doc = envelope(ctx);
                                           doc["revoked"] = *id;
                                           return print_json(ctx, doc);
                                       }
                                       ctx.out << "revoked token " << *id << "\n";
                                   });
    revoke->add_option("ID", *id, "Token id, as 'ssosnap tokens list' shows")->required();
}

}  // namespace ssosnap::cli
