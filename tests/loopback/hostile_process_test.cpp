// A crash must not write the credentials to disk (issue 15 item 4): the process is made
// non-dumpable and its core limit 0 before anything reads a credential. Checked on the
// process itself (PR_GET_DUMPABLE can only be asked by the process) and on the built binary
// from outside, while it waits for a held answer of the hostile server.

#include "cli/app.hpp"
#include "hostile_support.hpp"

#include <chrono>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace ssosnap::loopback
{
namespace
{

// In a child process: dumpable before, cli::main, then not dumpable and no core size left.
// Exit 0 when so, 1 when main left it dumpable or with a core limit, 2 when the child was not
// dumpable to begin with (the check would prove nothing).
int child_checks_main()
{
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1) return 2;
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    char arg0[] = "ssosnap";
    char arg1[] = "--version";
    char* argv[] = {arg0, arg1, nullptr};
    ssosnap::cli::main(2, argv);
    rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    return ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 && core.rlim_cur == 0 && core.rlim_max == 0
               ? 0
               : 1;
}

TEST(HostileProcessTest, MainMakesTheProcessNonDumpableWithoutCores)
{
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(child_checks_main());
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1: still dumpable or a core limit; 2: no baseline";
}

/// The "Max core file size" soft and hard values of /proc/PID/limits ("0 0" when none).
std::string core_limit_of(pid_t pid)
{
    std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/limits"));
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Max core file size", 0) != 0) continue;
        std::istringstream words(line.substr(18));
        std::string soft, hard;
        words >> soft >> hard;
        return soft + " " + hard;
    }
    return "?";
}

TEST_F(HostileServerTest, TheBinaryHoldingATokenCannotDumpCore)
{
    m_server->on("GET", k_snapshots, [](const HostileRequest&) {
        auto r = HostileResponse::json("[]");
        r.delay_ms = 5000;  // held until the test has looked
        return r;
    });
    // A core limit above 0 to start from, so 0 is the binary's doing.
    rlimit old{};
    ::getrlimit(RLIMIT_CORE, &old);
    if (old.rlim_max == 0 && ::getuid() != 0) GTEST_SKIP() << "core files are off for this user";
    const std::string url = m_server->url();
    const std::string token = m_token.string();
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        rlimit any{RLIM_INFINITY, RLIM_INFINITY};
        rlimit some{old.rlim_max, old.rlim_max};
        if (::setrlimit(RLIMIT_CORE, &any) != 0) ::setrlimit(RLIMIT_CORE, &some);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(SSOSNAP_BIN, "ssosnap", "remote", "list", "--url", url.c_str(), "--user", "admin",
                "--token-file", token.c_str(), "--retries", "0", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Wait until the request arrived: the token has been read by then.
    for (int i = 0; i < 600 && m_server->requests().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_FALSE(m_server->requests().empty()) << "the binary never asked";
    EXPECT_EQ(core_limit_of(pid), "0 0");
    if (::getuid() != 0) {
        // Not dumpable: the kernel makes /proc/PID/status root's (only visible when not root).
        struct stat st {
        };
        ASSERT_EQ(::stat(("/proc/" + std::to_string(pid) + "/status").c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, 0u);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace ssosnap::loopback
