#pragma once
// The HTML report (src/report/) as the commands write it: the version gate asked through
// workflow::check_gate, the page written atomically to the file --html names.

#include "cli/context.hpp"
#include "cli/redaction.hpp"
#include "core/result.hpp"
#include "diff/report.hpp"
#include "metadata/snapshot.hpp"
#include "report/render_html.hpp"
#include "workflow/restore.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::cli
{

/// Returns the version gate's verdict on restoring the snapshot described by `snapshot` onto a
/// server whose live config `live` describes (with --force or not), with `question` as
/// asked. GateOutcome::unknown when a side has no metadata.
report::GateView gate_view(const std::optional<metadata::SnapshotMeta>& snapshot,
                           const std::optional<metadata::SnapshotMeta>& live, workflow::Force force,
                           std::string question);

/// Returns "ssosnap <version>", the generator the page names.
std::string report_generator();

/// Writes `page` to `path` atomically (nothing under `path` unless the whole page was
/// written): mode 0600 when it reveals secrets, else 0644. Fails with the write's error, its
/// context naming the file.
core::Result<void> write_html_file(const std::string& path, std::string_view page, Reveal reveal);

}  // namespace ssosnap::cli
