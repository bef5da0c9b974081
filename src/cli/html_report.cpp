#include "cli/html_report.hpp"

#include "core/files.hpp"
#include "core/strings.hpp"

namespace ssosnap::cli
{

report::GateView gate_view(const std::optional<metadata::SnapshotMeta>& snapshot,
                           const std::optional<metadata::SnapshotMeta>& live, workflow::Force force,
                           std::string question)
{
    report::GateView view;
    view.question = std::move(question);
    if (!snapshot || !live) {
        view.message = "a snapshot without metadata: the gate cannot tell whether it fits";
        return view;
    }
    auto verdict = workflow::check_gate(*snapshot, *live, force);
    if (!verdict) {
        view.message = verdict.error().message;
        return view;
    }
    view.findings = std::move(verdict->findings);
    if (verdict->refusal) {
        view.outcome = report::GateOutcome::refused;
        view.message = verdict->refusal->message;
    } else {
        view.outcome = core::has_warnings(view.findings) || core::has_errors(view.findings)
                           ? report::GateOutcome::warns
                           : report::GateOutcome::passes;
    }
    return view;
}

std::string report_generator()
{
    return std::string("ssosnap ") + SSOSNAP_VERSION;
}

core::Result<void> write_html_file(const std::string& path, std::string_view page, Reveal reveal)
{
    const auto mode = reveal == Reveal::yes ? core::FileMode::secret : core::FileMode::shared;
    auto written = core::write_file_atomic(path, page, mode);
    if (!written)
        return core::fail(written.error().with_context("writing the report " + core::quote(path)));
    return {};
}

}  // namespace ssosnap::cli
