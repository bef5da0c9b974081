#include "diff/risk.hpp"

#include "core/strings.hpp"
#include "diff/glob.hpp"

namespace ssosnap::diff
{
namespace
{

constexpr RiskClass k_high = RiskClass::high;
constexpr RiskClass k_medium = RiskClass::medium;
constexpr RiskClass k_low = RiskClass::low;
constexpr RiskOn k_any = RiskOn::any;
constexpr RiskOn k_added_removed = RiskOn::added_removed;

constexpr const char* k_idp = "identity provider added or removed";
constexpr const char* k_cert = "certificate or key changed";
constexpr const char* k_url = "issuer, entity id, redirect/ACS or metadata URL changed";
constexpr const char* k_mapping = "user or group mapping rules changed";
constexpr const char* k_keytab = "Kerberos keytab changed";
constexpr const char* k_login = "username/password login setting changed (may re-enable it)";

// Entry names are those of the Kantega kerberos/ folder as snapshots hold it
// (docs/format.md); field globs are matched in lower case, so "entityid" matches "entityId".
const std::vector<RiskRule> k_table = {
    {k_high, "kerberos/saml/*/config.json", "", k_added_removed, k_idp},
    {k_high, "kerberos/oidc/*/config.json", "", k_added_removed, k_idp},
    {k_high, "*.keytab", "", k_any, k_keytab},
    {k_high, "**", "*keytab*", k_any, k_keytab},
    {k_high, "*.crt", "", k_any, k_cert},
    {k_high, "*.cer", "", k_any, k_cert},
    {k_high, "*.pem", "", k_any, k_cert},
    {k_high, "*.key", "", k_any, k_cert},
    {k_high, "*.p12", "", k_any, k_cert},
    {k_high, "*.jks", "", k_any, k_cert},
    {k_high, "kerberos/saml/*/idp-metadata.xml", "", k_any,
     "IdP metadata changed (signing certificate, entity id, endpoints)"},
    {k_high, "**", "*certificate*", k_any, k_cert},
    {k_high, "**", "*signingkey*", k_any, k_cert},
    {k_high, "**", "*encryptionkey*", k_any, k_cert},
    {k_high, "**", "*privatekey*", k_any, k_cert},
    {k_high, "**", "issuer", k_any, k_url},
    {k_high, "**", "entityid", k_any, k_url},
    {k_high, "**", "*redirect*", k_any, k_url},
    {k_high, "**", "acsurl", k_any, k_url},
    {k_high, "**", "ssourl", k_any, k_url},
    {k_high, "**", "*metadataurl*", k_any, k_url},
    {k_high, "**", "*endpoint", k_any, k_url},
    {k_high, "kerberos/prevent_username_password_login.txt", "", k_any, k_login},
    {k_high, "**", "*usernamepassword*", k_any, k_login},
    {k_high, "**", "**mapping**", k_any, k_mapping},
    {k_high, "**", "**group**", k_any, k_mapping},
    {k_high, "**", "**provisioning**", k_any, k_mapping},
    {k_medium, "metadata.json", "baseurl", k_any, "base URL changed"},
    {k_low, "metadata.json", "", k_any, "application or plugin version changed"},
    {k_low, "**", "name", k_any, "display text changed"},
    {k_low, "**", "*text", k_any, "display text changed"},
    {k_low, "**", "*description*", k_any, "display text changed"},
    {k_medium, "kerberos/**", "", k_any, "other identity provider or Kerberos setting changed"},
    {k_medium, "settings.json", "", k_any, "other SSO setting changed"},
    {k_low, "**", "", k_any, "other change"},
};

bool applies(const RiskRule& rule, std::string_view entry, std::string_view lower_field,
             EntryStatus status)
{
    if (rule.on == RiskOn::added_removed && status == EntryStatus::modified) return false;
    if (!glob_match(rule.entry, entry)) return false;
    if (*rule.field == '\0') return true;
    return !lower_field.empty() && glob_match(rule.field, lower_field);
}

void add(std::vector<RiskChange>& out, const std::string& entry, const std::string& field,
         EntryStatus status)
{
    const auto& rule = match_rule(entry, field, status);
    out.push_back({.entry = entry,
                   .field = field,
                   .change = status_name(status),
                   .risk = rule.risk,
                   .reason = rule.reason});
}

void classify_entry(std::vector<RiskChange>& out, const EntryDiff& e)
{
    if (e.status != EntryStatus::modified || e.layout_only) return add(out, e.name, "", e.status);
    switch (e.detail) {
    case Detail::json:
        for (const auto& c : e.json)
            add(out, e.name, c.path.empty() ? "/" : c.path, e.status);
        break;
    case Detail::properties:
        for (const auto& p : e.properties)
            add(out, e.name, p.key, e.status);
        break;
    default:
        add(out, e.name, "", e.status);
        break;
    }
    if (out.empty() || out.back().entry != e.name) add(out, e.name, "", e.status);
}

}  // namespace

const char* risk_class_name(RiskClass risk)
{
    switch (risk) {
    case RiskClass::high:
        return "high";
    case RiskClass::medium:
        return "medium";
    case RiskClass::low:
        return "low";
    }
    return "low";
}

std::optional<RiskClass> parse_risk_class(std::string_view text)
{
    for (auto r : {RiskClass::low, RiskClass::medium, RiskClass::high}) {
        if (text == risk_class_name(r)) return r;
    }
    return std::nullopt;
}

const char* risk_on_name(RiskOn on)
{
    return on == RiskOn::added_removed ? "added, removed" : "any";
}

const std::vector<RiskRule>& risk_table()
{
    return k_table;
}

const RiskRule& match_rule(std::string_view entry, std::string_view field, EntryStatus status)
{
    const auto lower = core::to_lower(field);
    for (const auto& rule : k_table) {
        if (applies(rule, entry, lower, status)) return rule;
    }
    return k_table.back();
}

std::vector<RiskChange> classify(const DiffReport& report)
{
    std::vector<RiskChange> out;
    for (const auto& m : report.metadata) {
        if (m.counts) add(out, "metadata.json", m.field, EntryStatus::modified);
    }
    for (const auto& e : report.entries)
        classify_entry(out, e);
    return out;
}

std::optional<RiskClass> RiskCounts::worst() const
{
    if (high > 0) return RiskClass::high;
    if (medium > 0) return RiskClass::medium;
    if (low > 0) return RiskClass::low;
    return std::nullopt;
}

RiskCounts count_risks(const std::vector<RiskChange>& changes)
{
    RiskCounts n;
    for (const auto& c : changes) {
        auto& slot =
            c.risk == RiskClass::high ? n.high : (c.risk == RiskClass::medium ? n.medium : n.low);
        ++slot;
    }
    return n;
}

std::string risk_table_markdown()
{
    std::string out;
    for (const auto& r : k_table) {
        const std::string field = *r.field == '\0' ? "" : std::string("`") + r.field + "`";
        out += std::string("| ") + risk_class_name(r.risk) + " | `" + r.entry + "` | " + field +
               " | " + risk_on_name(r.on) + " | " + r.reason + " |\n";
    }
    return out;
}

}  // namespace ssosnap::diff
