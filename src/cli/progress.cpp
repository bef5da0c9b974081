#include "cli/progress.hpp"

#include "cli/output.hpp"

#include <ostream>

namespace ssosnap::cli
{

ProgressBar::ProgressBar(Context& ctx, std::string label)
    : m_ctx(ctx), m_label(std::move(label)), m_active(ctx.err_is_terminal)
{
}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::finish()
{
    // Another message may have ended the line already (err_mid_line is then false).
    if (m_open) end_progress_line(m_ctx);
    m_open = false;
}

rest::ProgressFn ProgressBar::callback()
{
    if (!m_active) return {};
    return [this](std::uint64_t done, std::uint64_t total) { draw(done, total); };
}

void ProgressBar::draw(std::uint64_t done, std::uint64_t total)
{
    auto now = std::chrono::steady_clock::now();
    const bool finished = total > 0 && done >= total;
    // curl reports the final state again and again while the answer comes: drawn once.
    if (finished && m_complete) return;
    m_complete = false;  // a retried transfer starts again
    // At most ten redraws a second, plus the final state.
    if (m_open && !finished && now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    constexpr int k_width = 30;
    // A line another message ended is drawn anew on a fresh line, not over that message.
    std::string line = (m_open && m_ctx.err_mid_line ? "\r" : "") + m_label + " ";
    if (total > 0) {
        int filled = static_cast<int>(done * k_width / total);
        line += "[" + std::string(static_cast<std::size_t>(filled), '=') +
                (filled < k_width ? ">" : "") +
                std::string(static_cast<std::size_t>(std::max(0, k_width - filled - 1)), ' ') +
                "] " + std::to_string(done * 100 / total) + "% ";
    }
    line += human_size(done);
    if (total > 0) line += " / " + human_size(total);
    m_ctx.err << line << "\x1b[K";  // clear the rest of the line
    m_open = true;
    m_ctx.err_mid_line = true;
    if (finished) {
        end_progress_line(m_ctx);
        m_open = false;
        m_complete = true;
    }
    m_ctx.err << std::flush;
}

}  // namespace ssosnap::cli
