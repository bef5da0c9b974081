#pragma once
// The change report as one self-contained HTML page (issue 21): a header with both sides'
// metadata and the version gate's verdict, a summary by kind, and one collapsible section per
// changed entry. It renders a diff::DiffReport and never looks at archive content itself, so it
// shows exactly the values (redacted or revealed, with the same fingerprints) that the text and
// JSON renderers show. Every name and value is escaped (report/escape.hpp); the page has no
// script and loads nothing (report/page.hpp). Its size follows the changes, not the entries:
// unchanged entries are only counted.
//
// Made for more than one producer: `ssosnap diff` and `restore --plan` today; a drift check can
// add its risk classes (RiskNote) and they show in the summary and on each entry.

#include "core/finding.hpp"
#include "diff/report.hpp"
#include "metadata/snapshot.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ssosnap::report
{

/// What the version gate says about putting the new side onto a server whose config is the
/// old side (workflow::check_gate, computed by the caller).
enum class GateOutcome {
    passes,   ///< no refusal and no warning
    warns,    ///< no refusal, but warnings (another product version or base URL, ...)
    refused,  ///< the gate refuses without --force (or at all: another product)
    unknown   ///< a side has no metadata: the gate cannot be asked
};

/// Returns "passes", "passes with warnings", "refused" or "unknown".
const char* gate_outcome_name(GateOutcome outcome);

struct GateView {
    GateOutcome outcome = GateOutcome::unknown;
    std::string question;                 ///< what was asked ("Can B be restored onto ...?")
    std::string message;                  ///< the refusal, or why unknown; empty otherwise
    std::vector<core::Finding> findings;  ///< the gate's findings (warnings, errors)
};

/// The risk class of one changed entry, from whoever ranks changes (the drift check). Shown
/// as given; entries without a note show none.
struct RiskNote {
    std::string entry;  ///< EntryDiff::name
    std::string risk;   ///< a short class: "high", "medium", "low", ...
    std::string reason;
};

/// One side of the comparison as the header shows it.
struct SideView {
    std::string role;  ///< "old", "new", "server (safety snapshot)", "archive"
    std::optional<metadata::SnapshotMeta> meta;  ///< absent: the archive has no metadata
};

struct PageInfo {
    std::string title;      ///< "Configuration diff", "Restore plan"
    std::string generator;  ///< "ssosnap 1.4.0", shown in the footer
    SideView old_side;
    SideView new_side;
    std::optional<GateView> gate;  ///< absent: no gate section
    std::vector<RiskNote> risks;   ///< empty: no risk column or summary
    /// The diff was made with --reveal-secrets: the page says so at the top.
    bool reveals_secrets = false;
};

/// Returns the whole page (UTF-8, ends with a newline) for `diff` described by `info`.
std::string render_html(const diff::DiffReport& diff, const PageInfo& info);

}  // namespace ssosnap::report
