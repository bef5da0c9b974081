#include "cli/retention_options.hpp"

#include "cli/output.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

namespace ssosnap::cli
{

void add_retention_options(CLI::App& cmd, RetentionFlags& flags, const std::string& what)
{
    auto& p = flags.policy;
    // Any --keep-* given, 0 included, is a rule: "--keep-last 0" alone keeps nothing by age.
    auto given = [&p](const std::string&) { p.rules_given = true; };
    cmd.add_option("--keep-last", p.last, "Keep the N newest " + what + "s")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_option("--keep-hourly", p.hourly,
                   "Keep the newest " + what + " of each of the last N hours")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_option("--keep-daily", p.daily,
                   "Keep the newest " + what + " of each of the last N days")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_option("--keep-weekly", p.weekly,
                   "Keep the newest " + what + " of each of the last N ISO weeks")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_option("--keep-monthly", p.monthly,
                   "Keep the newest " + what + " of each of the last N months")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_option("--keep-yearly", p.yearly,
                   "Keep the newest " + what + " of each of the last N years")
        ->check(CLI::NonNegativeNumber)
        ->each(given);
    cmd.add_flag("--include-protected", flags.include_protected,
                 "Apply the rules to safety and 'Backup before upgrade' snapshots too");
    cmd.add_flag("--dry-run,-n", flags.dry_run, "Show what would be removed; remove nothing");
}

void warn_when_no_rule_keeps(Context& ctx, const RetentionFlags& flags, const std::string& what)
{
    if (flags.policy.rules_given && flags.policy.empty()) {
        warn(ctx, "every --keep-* rule given is 0: no rule keeps " + what +
                      ", so all but the protected and undated ones go");
    }
}

workflow::IncludeProtected include_protected(const RetentionFlags& flags)
{
    return flags.include_protected ? workflow::IncludeProtected::yes
                                   : workflow::IncludeProtected::no;
}

std::string prune_action(const workflow::Verdict& verdict, bool dry_run, bool removed)
{
    if (verdict.keep) return "keep";
    if (dry_run) return "would remove";
    return removed ? "removed" : "remove failed";
}

void add_verdict_json(nlohmann::json& item, const workflow::Verdict& verdict, bool removed)
{
    if (verdict.keep)
        item["reasons"] = verdict.reasons;
    else
        item["removed"] = removed;
}

void print_prune_summary(std::ostream& out, bool dry_run, std::size_t kept, std::size_t total,
                         const char* things)
{
    out << (dry_run ? "dry run: would keep " : "kept ") << kept << ", "
        << (dry_run ? "would remove " : "removed ") << (total - kept) << " of " << total << " "
        << things << "\n";
}

std::string join_reasons(const std::vector<std::string>& parts, const char* sep)
{
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

}  // namespace ssosnap::cli
