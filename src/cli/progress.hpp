#pragma once
// A progress bar for uploads and downloads, drawn on stderr only when stderr is a terminal
// (never in pipes, logs or tests): "download sso-snapshot-... [=====>     ] 45% 1.2 MiB".
// The bar's line is ended as soon as the transfer is complete, by finish(), by the
// destructor, or by the next message on stderr (end_progress_line in cli/output.hpp): nothing
// is ever glued to it.

#include "cli/context.hpp"
#include "rest/transport.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace ssosnap::cli
{

class ProgressBar
{
public:
    /// Inactive (draws nothing) unless ctx.err_is_terminal.
    ProgressBar(Context& ctx, std::string label);
    /// Ends the bar's line if it is still open (finish()).
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// The callback to hand to the client; empty when inactive.
    rest::ProgressFn callback();

    /// Ends the bar's line if it is still open; call when the transfer returns, before
    /// printing its result.
    void finish();

private:
    void draw(std::uint64_t done, std::uint64_t total);
    Context& m_ctx;
    std::string m_label;
    bool m_active = false;
    bool m_open = false;      ///< this bar's line is the open one on stderr
    bool m_complete = false;  ///< the final state was drawn and its line ended
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace ssosnap::cli
