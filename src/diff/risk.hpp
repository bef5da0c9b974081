#pragma once
// Risk classes of changes: what a change to the SSO configuration means for security. One
// data table (risk_table(), the same table as docs/format.md "Risk classes", checked by a
// test) decides: the first rule that matches a change gives its class. A change is one unit
// of a DiffReport: an entry added or removed, one JSON pointer, one .properties key, one
// counting metadata field, or a text or binary entry as a whole.

#include "diff/report.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::diff
{

/// Ordered: a higher class is worse.
enum class RiskClass { low, medium, high };

/// Returns "low", "medium" or "high".
const char* risk_class_name(RiskClass risk);

/// Parses "low", "medium" or "high"; nullopt for anything else.
std::optional<RiskClass> parse_risk_class(std::string_view text);

/// Which entry statuses a rule applies to.
enum class RiskOn { added_removed, any };

/// Returns "added, removed" or "any" (the docs table's spelling).
const char* risk_on_name(RiskOn on);

/// One row of the table. `entry` is a glob on the entry name (glob.hpp; "metadata.json" for
/// the snapshot's metadata fields); `field` a glob on the changed field in ASCII lower case
/// (a JSON pointer "/issuer", a property key, a metadata field name), or empty: the rule
/// matches every change of the entry.
struct RiskRule {
    RiskClass risk = RiskClass::low;
    const char* entry = "";
    const char* field = "";
    RiskOn on = RiskOn::any;
    const char* reason = "";
};

/// The rules, first match wins; the last matches everything.
const std::vector<RiskRule>& risk_table();

/// One classified change.
struct RiskChange {
    std::string entry;   ///< entry name, or "metadata.json" for a metadata field
    std::string field;   ///< JSON pointer, property key or metadata field; empty: whole entry
    std::string change;  ///< "added", "removed" or "modified"
    RiskClass risk = RiskClass::low;
    std::string reason;  ///< the matching rule's reason
};

/// Classifies every counting change of `report` (metadata fields that only show, like
/// timeMillis, are not changes). Values are not looked at, so nothing secret is copied.
std::vector<RiskChange> classify(const DiffReport& report);

/// The class of the first rule matching a change of `entry` (`field` empty: the entry as a
/// whole) with `status`.
const RiskRule& match_rule(std::string_view entry, std::string_view field, EntryStatus status);

/// Counts of changes per class.
struct RiskCounts {
    std::size_t high = 0;
    std::size_t medium = 0;
    std::size_t low = 0;
    /// Returns the worst class present, or nullopt when there is no change.
    std::optional<RiskClass> worst() const;
};

/// Returns how many of `changes` have each class.
RiskCounts count_risks(const std::vector<RiskChange>& changes);

/// The table as Markdown rows, "| class | `entry` | `field` | on | reason |", one per rule
/// (docs/format.md holds exactly these rows; a test compares them).
std::string risk_table_markdown();

}  // namespace ssosnap::diff
