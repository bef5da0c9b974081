#pragma once
// What restore and remote restore say while they run, on a terminal: one line per step as it
// begins ("ssosnap: [4/8] plan: bringing the safety snapshot ... home"), a progress bar for
// each of the three transfers, and each snapshot deleted again. Silent when stderr is not a
// terminal (pipes, logs, tests), like the progress bar: the outcome says it all there.

#include "cli/context.hpp"
#include "cli/progress.hpp"
#include "workflow/restore.hpp"

#include <memory>
#include <string>

namespace ssosnap::cli
{

/// What the narration names.
struct NarrationSubject {
    std::string archive;   ///< the archive's file name, or the listed id (remote restore)
    std::string id;        ///< the id it restores as
    std::string drop_dir;  ///< --drop-dir; empty: upload
    bool listed = false;   ///< remote restore: the snapshot is already on the server
    bool yes = false;      ///< --yes: nobody is asked at step 5
};

class RestoreNarrator : public workflow::RestoreObserver
{
public:
    RestoreNarrator(Context& ctx, NarrationSubject subject);

    void step_begins(workflow::RestoreStep step, const workflow::RestoreOutcome& so_far) override;
    rest::ProgressFn transfer_begins(workflow::Transfer transfer, const std::string& id) override;
    void removing(const std::string& id) override;

    /// Ends a progress bar's line, if one is open (before the plan, the question, the result).
    void pause();

private:
    void say(const std::string& line);

    Context& m_ctx;
    NarrationSubject m_subject;
    bool m_active = false;
    std::unique_ptr<ProgressBar> m_bar;
};

}  // namespace ssosnap::cli
