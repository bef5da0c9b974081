// restore on a real pseudo-terminal (openpty): the real binary with stdin and stderr on the
// terminal and stdout on a pipe, as `ssosnap restore X | tee restore.log` runs it. The plan
// reaches the terminal before the question; each of the eight steps says what it does, with a
// progress bar for each transfer that ends its line (no "... MiBssosnap:"); the pipe (the log)
// gets the plan too, and the result.

#include "workflow_support.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ssosnap::loopback
{
namespace
{

class RestoreTerminalTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start([this](emulator::EmulatorOptions& o) {
            o.now = [t = m_clock] { return t->fetch_add(3000); };
        });
    }

    void TearDown() override
    {
        if (m_master >= 0) ::close(m_master);
        if (m_out >= 0) ::close(m_out);
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        WorkflowLoopbackTest::TearDown();
    }

    /// Starts the real binary: stdin and stderr on a new pseudo-terminal, stdout on a pipe.
    void spawn(const std::vector<std::string>& args)
    {
        std::vector<std::string> argv_text{SSOSNAP_BINARY};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_text)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        int slave = -1;
        ASSERT_EQ(::openpty(&m_master, &slave, nullptr, nullptr, nullptr), 0);
        int out[2];
        ASSERT_EQ(::pipe(out), 0);
        m_pid = ::fork();
        ASSERT_GE(m_pid, 0);
        if (m_pid == 0) {
            ::setsid();
            ::dup2(slave, 0);
            ::dup2(out[1], 1);
            ::dup2(slave, 2);
            ::close(m_master);
            ::close(out[0]);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(slave);
        ::close(out[1]);
        m_out = out[0];
    }

    /// Reads the terminal and the pipe until the terminal shows `until` (empty: until both
    /// are closed) or 60 s pass.
    void pump(const std::string& until)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            if (!until.empty() && m_terminal.find(until) != std::string::npos) return;
            if (until.empty() && m_master < 0 && m_out < 0) return;
            pollfd fds[2] = {{m_master, POLLIN, 0}, {m_out, POLLIN, 0}};
            if (::poll(fds, 2, 200) <= 0) continue;
            read_into(m_master, fds[0].revents, m_terminal);
            read_into(m_out, fds[1].revents, m_piped);
        }
    }

    static void read_into(int& fd, short revents, std::string& text)
    {
        if (fd < 0 || revents == 0) return;
        char buf[4096];
        const auto n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            text.append(buf, static_cast<std::size_t>(n));
            return;
        }
        ::close(fd);  // EOF, or EIO once the child closed its end of the terminal
        fd = -1;
    }

    int wait_exit()
    {
        int status = 0;
        EXPECT_EQ(::waitpid(m_pid, &status, 0), m_pid);
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    std::shared_ptr<std::atomic<std::int64_t>> m_clock =
        std::make_shared<std::atomic<std::int64_t>>(1795000000000);
    int m_master = -1;
    int m_out = -1;
    pid_t m_pid = -1;
    std::string m_terminal;  ///< what the terminal showed
    std::string m_piped;     ///< what went down the pipe (the log)
};

TEST_F(RestoreTerminalTest, NarratesAsksAfterThePlanAndEndsEveryProgressLine)
{
    const auto token = make_token();
    const auto archive = backup();
    fs::remove(server() / "kerberos_snapshots" / archive.filename());  // upload must happen
    change_live();

    spawn({"restore", archive.string(), "--url", url(), "--token-file", token.string(), "--retries",
           "0"});
    const std::string question = "Type 'yes' to go on: ";
    pump(question);
    const auto asked = m_terminal.find(question);
    ASSERT_NE(asked, std::string::npos) << m_terminal;
    const std::string before = m_terminal.substr(0, asked);
    // The plan is on the terminal before the question, after steps 1 to 5 said what they do.
    EXPECT_NE(before.find("saml-idp.xml"), std::string::npos) << before;
    EXPECT_NE(before.find("changed by hand"), std::string::npos) << before;
    for (const char* step : {"ssosnap: [1/8] checking ", "ssosnap: [2/8] taking a safety",
                             "ssosnap: [3/8] gate", "ssosnap: [4/8] plan", "[5/8] asking"})
        EXPECT_NE(before.find(step), std::string::npos) << step << "\n" << before;
    EXPECT_NE(before.find("  download sso-snapshot-"), std::string::npos) << before;
    EXPECT_NE(before.find("100%"), std::string::npos) << before;

    ASSERT_EQ(::write(m_master, "yes\n", 4), 4);
    pump("");
    EXPECT_EQ(wait_exit(), 0) << m_terminal;
    for (const char* step :
         {"ssosnap: [6/8] uploading ", "  upload sso-snapshot-", "ssosnap: [7/8] restoring ",
          "ssosnap: [8/8] verify", "(taken only to compare)", "its copy is "})
        EXPECT_NE(m_terminal.find(step), std::string::npos) << step << "\n" << m_terminal;
    // Every message starts a line of its own: nothing is glued to a progress bar.
    for (auto at = m_terminal.find("ssosnap:"); at != std::string::npos;
         at = m_terminal.find("ssosnap:", at + 1)) {
        EXPECT_TRUE(at == 0 || m_terminal[at - 1] == '\n')
            << "glued: " << m_terminal.substr(at >= 40 ? at - 40 : 0, 80);
    }
    // The log (stdout, a pipe) holds the plan and the result.
    EXPECT_NE(m_piped.find("saml-idp.xml"), std::string::npos) << m_piped;
    EXPECT_NE(m_piped.find("restored and verified"), std::string::npos) << m_piped;
    EXPECT_LT(m_piped.find("saml-idp.xml"), m_piped.find("restored and verified")) << m_piped;
    EXPECT_EQ(m_piped.find("Type 'yes'"), std::string::npos) << m_piped;
    // The rollback advice names the token file, never the token.
    const auto secret = read_text(token).substr(0, 128);
    EXPECT_NE(m_terminal.find("--token-file " + fs::absolute(token).string()), std::string::npos)
        << m_terminal;
    EXPECT_EQ(m_terminal.find(secret), std::string::npos);
    EXPECT_EQ(m_piped.find(secret), std::string::npos);
}

TEST_F(RestoreTerminalTest, WithoutATerminalNothingIsNarrated)
{
    // The counterpart in-process (no terminal): stderr holds no step lines and no bar.
    const auto archive = backup();
    change_live();
    auto r = restore(archive, {"--yes"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err.find("[1/8]"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("download "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
