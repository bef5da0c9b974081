// The progress bar ends its line: when the transfer completes, when finish() is called, and
// before any other message on stderr (a warning, an error line), so nothing is ever glued to
// it ("100.0 MiB / 100.0 MiBssosnap: ..."). Not drawn at all without a terminal.
#include "cli/progress.hpp"

#include "cli/output.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace ssosnap::cli
{
namespace
{

struct Streams {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    Context ctx{in, out, err};
};

TEST(ProgressBarTest, EndsItsLineWhenTheTransferCompletes)
{
    Streams s;
    s.ctx.err_is_terminal = true;
    ProgressBar bar(s.ctx, "download x");
    auto progress = bar.callback();
    ASSERT_TRUE(progress);
    progress(0, 2048);
    progress(2048, 2048);
    progress(2048, 2048);  // curl repeats the final state: drawn once
    s.ctx.err << "ssosnap: next\n";
    const auto text = s.err.str();
    EXPECT_NE(text.find("100% 2.0 KiB / 2.0 KiB\x1b[K\nssosnap: next\n"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("100%"), text.rfind("100%")) << text;
    EXPECT_FALSE(s.ctx.err_mid_line);
}

TEST(ProgressBarTest, AWarningInTheMiddleStartsOnALineOfItsOwn)
{
    Streams s;
    s.ctx.err_is_terminal = true;
    ProgressBar bar(s.ctx, "upload x");
    bar.callback()(512, 2048);
    warn(s.ctx, "retrying");
    print_error_line(s.ctx, core::Error{core::Errc::remote, "gone", "x"});
    const auto text = s.err.str();
    EXPECT_NE(text.find("KiB\x1b[K\nssosnap: warning: retrying\nssosnap: error: gone\n"),
              std::string::npos)
        << text;
}

TEST(ProgressBarTest, FinishEndsAnOpenLineOnce)
{
    Streams s;
    s.ctx.err_is_terminal = true;
    {
        ProgressBar bar(s.ctx, "download x");
        bar.callback()(100, 0);  // size unknown: never complete by itself
        bar.finish();
        bar.finish();
    }
    const auto text = s.err.str();
    EXPECT_EQ(text.back(), '\n') << text;
    EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
}

TEST(ProgressBarTest, DrawsNothingWithoutATerminal)
{
    Streams s;
    ProgressBar bar(s.ctx, "download x");
    EXPECT_FALSE(bar.callback());
    bar.finish();
    EXPECT_EQ(s.err.str(), "");
}

}  // namespace
}  // namespace ssosnap::cli
