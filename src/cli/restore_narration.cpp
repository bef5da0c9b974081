#include "cli/restore_narration.hpp"

#include "cli/output.hpp"
#include "core/strings.hpp"

#include <ostream>

namespace ssosnap::cli
{
namespace
{

using workflow::RestoreStep;

// The sentence for `step`; "" for none.
std::string step_text(RestoreStep step, const NarrationSubject& s,
                      const workflow::RestoreOutcome& so_far)
{
    const std::string safety = so_far.safety ? so_far.safety->id : std::string("it");
    switch (step) {
    case RestoreStep::local_check:
        return s.listed ? "finding " + s.archive + " in the server's list"
                        : "checking " + s.archive + " locally";
    case RestoreStep::safety_snapshot:
        return "taking a safety snapshot of the live config";
    case RestoreStep::gate:
        return "gate: the " + std::string(s.listed ? "snapshot's" : "archive's") +
               " product and Kantega SSO version against the server's (" + safety + ")";
    case RestoreStep::plan:
        return "plan: bringing the safety snapshot " + safety + " home to compare";
    case RestoreStep::confirm:
        return s.yes ? std::string("confirmed by --yes") : std::string("asking to go on");
    case RestoreStep::transfer:
        return s.drop_dir.empty() ? "uploading " + s.archive
                                  : "copying " + s.archive + " into " + s.drop_dir;
    case RestoreStep::restore:
        return "restoring " + s.id + " into the live config";
    case RestoreStep::post_verify:
        return "verify: taking a check snapshot of the live config to compare with the archive";
    case RestoreStep::done:
        break;
    }
    return {};
}

}  // namespace

RestoreNarrator::RestoreNarrator(Context& ctx, NarrationSubject subject)
    : m_ctx(ctx), m_subject(std::move(subject)), m_active(ctx.err_is_terminal)
{
}

void RestoreNarrator::say(const std::string& line)
{
    if (!m_active) return;
    pause();
    m_ctx.err << "ssosnap: " << core::escape_controls(line) << "\n" << std::flush;
}

void RestoreNarrator::pause()
{
    if (m_bar) m_bar->finish();
    end_progress_line(m_ctx);
}

void RestoreNarrator::step_begins(workflow::RestoreStep step,
                                  const workflow::RestoreOutcome& so_far)
{
    const auto text = step_text(step, m_subject, so_far);
    if (text.empty()) return;
    say("[" + std::to_string(static_cast<int>(step) + 1) + "/8] " + text);
}

rest::ProgressFn RestoreNarrator::transfer_begins(workflow::Transfer transfer,
                                                  const std::string& id)
{
    if (!m_active) return {};
    pause();
    const char* verb = transfer == workflow::Transfer::upload ? "upload " : "download ";
    m_bar = std::make_unique<ProgressBar>(m_ctx, "  " + std::string(verb) + id);
    return m_bar->callback();
}

void RestoreNarrator::removing(const std::string& id)
{
    say("removing " + id + " from the server (taken only to compare)");
}

}  // namespace ssosnap::cli
