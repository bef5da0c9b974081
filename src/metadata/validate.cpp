#include "metadata/validate.hpp"

#include "core/strings.hpp"
#include "metadata/version.hpp"

#include <algorithm>

namespace ssosnap::metadata
{
namespace
{

using core::Finding;
using core::Severity;

constexpr std::string_view k_upgrade_prefix = "Backup before upgrade of config from version ";
constexpr std::string_view k_unknown_version = "[unknown version]";

// "older" / "newer": how the snapshot's version relates to the target's.
const char* relation(int comparison)
{
    return comparison < 0 ? "older" : "newer";
}

bool has_code(const std::vector<Finding>& findings, std::string_view code)
{
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& f) { return f.code == code; });
}

struct DefaultPort {
    std::string_view scheme;
    std::string_view port;
};
constexpr DefaultPort k_default_ports[] = {{"https://", ":443"}, {"http://", ":80"}};

// "https://Host.Example.test:443/jira/" -> "https://host.example.test/jira"
std::string normalize_url(std::string_view url)
{
    url = core::trim(url);
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string(url);
    const auto host_end = url.find('/', scheme_end + 3);
    std::string head = core::to_lower(url.substr(0, host_end));
    for (const auto& d : k_default_ports) {
        if (head.starts_with(d.scheme) && head.ends_with(d.port))
            head.resize(head.size() - d.port.size());
    }
    return head + std::string(host_end == std::string_view::npos ? "" : url.substr(host_end));
}

void check_product(const SnapshotMeta& meta, const Target& target, std::vector<Finding>& out)
{
    if (!target.app) return;
    if (meta.application_name.empty()) {
        out.push_back({Severity::warning, k_metadata_missing, "",
                       "the metadata names no product (applicationName): the product gate "
                       "cannot be checked"});
    } else if (!core::iequals(meta.application_name, *target.app)) {
        out.push_back({Severity::error, k_app_mismatch, "",
                       "the snapshot is from " + meta.application_name + ", the target is " +
                           *target.app +
                           ": a snapshot restores only into the product it was "
                           "taken from"});
    }
}

void check_plugin_version(const SnapshotMeta& meta, const Target& target, std::vector<Finding>& out)
{
    if (!target.plugin_version) return;
    if (meta.plugin_version.empty()) {
        out.push_back({Severity::warning, k_metadata_missing, "",
                       "the metadata has no pluginVersion: the app-version gate cannot be "
                       "checked"});
        return;
    }
    const int c = compare_versions(meta.plugin_version, *target.plugin_version);
    if (c == 0) return;
    out.push_back({Severity::error, k_plugin_version_mismatch, "",
                   "the snapshot was taken with Kantega SSO " + meta.plugin_version + ", " +
                       relation(c) + " than the target's " + *target.plugin_version +
                       ": Kantega restores a snapshot only on the app version it was taken "
                       "with; install " +
                       meta.plugin_version + " first"});
}

void check_app_version(const SnapshotMeta& meta, const Target& target, std::vector<Finding>& out)
{
    if (!target.app_version || meta.application_version.empty()) return;
    // Versions of two products do not compare (Confluence 8.5.4 is not "newer" than Jira
    // 9.12.0): the product finding says what matters.
    if (target.app && !meta.application_name.empty() &&
        !core::iequals(meta.application_name, *target.app))
        return;
    const int c = compare_versions(meta.application_version, *target.app_version);
    if (c == 0) return;
    const std::string product =
        meta.application_name.empty() ? "the product" : meta.application_name;
    out.push_back({Severity::warning, k_app_version_differs, "",
                   "the snapshot is from " + product + " " + meta.application_version + ", " +
                       relation(c) + " than the target's " + *target.app_version});
}

void check_base_url(const SnapshotMeta& meta, const ValidateInput& in, std::vector<Finding>& out)
{
    if (!in.target.base_url || meta.base_url.empty()) return;
    if (same_base_url(meta.base_url, *in.target.base_url)) return;
    std::string message = "the snapshot's base URL " + meta.base_url + " differs from the " +
                          "target's " + *in.target.base_url +
                          ": SAML and OIDC redirects break after a restore; ";
    message += in.base_url_entries.empty() ? std::string("no entry holds the old URL")
               : in.base_url_entries.size() == 1
                   ? std::string("1 entry holds the old URL (run ssosnap rebase to rewrite it)")
                   : std::to_string(in.base_url_entries.size()) +
                         " entries hold the old URL (run ssosnap rebase to rewrite them)";
    out.push_back({Severity::warning, k_base_url_differs, "", message});
    for (const auto& entry : in.base_url_entries) {
        out.push_back({Severity::warning, k_base_url_differs, entry,
                       "holds the old base URL " + meta.base_url});
    }
}

void check_time(const SnapshotMeta& meta, const ValidateInput& in, ValidateReport& report)
{
    if (!in.name_time || !meta.time_millis) return;
    auto check = check_name_time(*in.name_time, *meta.time_millis, in.zone);
    if (!check) return;  // the zone was checked before
    if (!check->consistent) {
        report.findings.push_back({Severity::warning, k_time_name_mismatch, "", check->message});
    }
    report.time = std::move(*check);
}

void check_upgrade(const SnapshotMeta& meta, ValidateReport& report)
{
    auto upgrade = parse_upgrade_description(meta.description);
    if (!upgrade) return;
    const std::string from =
        upgrade->from_unknown ? "an unknown version" : "version " + upgrade->from_version;
    report.findings.push_back({Severity::info, k_upgrade_backup, "",
                               "the app took this snapshot by itself before upgrading from " +
                                   from + " to " + upgrade->to_version});
    report.upgrade = std::move(upgrade);
}

}  // namespace

Target target_from(const SnapshotMeta& meta)
{
    auto field = [](const std::string& v) {
        return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    return Target{field(meta.application_name), field(meta.application_version),
                  field(meta.plugin_version), field(meta.base_url)};
}

bool is_empty(const Target& target)
{
    return !target.app && !target.app_version && !target.plugin_version && !target.base_url;
}

const char* verdict_name(Verdict verdict)
{
    switch (verdict) {
    case Verdict::compatible:
        return "compatible";
    case Verdict::compatible_with_warnings:
        return "compatible-with-warnings";
    case Verdict::incompatible:
        return "incompatible";
    }
    return "incompatible";
}

std::optional<UpgradeBackup> parse_upgrade_description(std::string_view description)
{
    description = core::trim(description);
    if (description.size() < k_upgrade_prefix.size() ||
        !core::iequals(description.substr(0, k_upgrade_prefix.size()), k_upgrade_prefix)) {
        return std::nullopt;
    }
    auto rest = description.substr(k_upgrade_prefix.size());
    // X is "[unknown version]" (which holds a space) or a version without spaces.
    const auto to =
        rest.find(" to ", core::iequals(rest.substr(0, k_unknown_version.size()), k_unknown_version)
                              ? k_unknown_version.size()
                              : 0);
    if (to == std::string_view::npos) return std::nullopt;
    UpgradeBackup out;
    out.from_version = std::string(core::trim(rest.substr(0, to)));
    out.to_version = std::string(core::trim(rest.substr(to + 4)));
    if (out.from_version.empty() || out.to_version.empty()) return std::nullopt;
    out.from_unknown = core::iequals(out.from_version, k_unknown_version);
    return out;
}

core::Result<ValidateReport> validate_snapshot(const ValidateInput& in)
{
    if (in.zone) SSOSNAP_TRY(check_zone_name(*in.zone));
    ValidateReport report;
    report.findings = in.prior;
    if (!in.meta) {
        if (!has_code(in.prior, k_metadata_missing) && !has_code(in.prior, "metadata-invalid")) {
            report.findings.push_back({Severity::warning, k_metadata_missing, "",
                                       "no metadata found: product, versions and base URL "
                                       "cannot be checked"});
        }
    } else {
        check_product(*in.meta, in.target, report.findings);
        check_plugin_version(*in.meta, in.target, report.findings);
        check_app_version(*in.meta, in.target, report.findings);
        check_base_url(*in.meta, in, report.findings);
        check_time(*in.meta, in, report);
        check_upgrade(*in.meta, report);
    }
    report.verdict = verdict_of(report.findings);
    return report;
}

Verdict verdict_of(const std::vector<Finding>& findings)
{
    if (core::has_errors(findings)) return Verdict::incompatible;
    if (core::has_warnings(findings)) return Verdict::compatible_with_warnings;
    return Verdict::compatible;
}

bool passes(const ValidateReport& report, Strict strict)
{
    if (core::has_errors(report.findings)) return false;
    return strict == Strict::no || !core::has_warnings(report.findings);
}

bool same_base_url(std::string_view a, std::string_view b)
{
    return normalize_url(a) == normalize_url(b);
}

}  // namespace ssosnap::metadata
