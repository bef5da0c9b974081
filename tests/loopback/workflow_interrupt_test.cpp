// SIGINT and SIGTERM during a restore: the real ssosnap binary restores against the emulator,
// whose upload answers late; the signal arrives while the safety snapshot's copy (the live
// config) sits in the restore's work folder. Afterwards TMPDIR is empty, the backups folder
// holds what it held, and the exit status is 130 / 143.

#include "workflow_support.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ssosnap::loopback
{
namespace
{

using emulator::Endpoint;
using emulator::FaultKind;

class WorkflowInterruptTest : public WorkflowLoopbackTest, public ::testing::WithParamInterface<int>
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start([](emulator::EmulatorOptions& o) { o.faults.slow_millis = 8000; });
    }

    void TearDown() override
    {
        if (m_emulator) m_emulator->wait_idle();
        WorkflowLoopbackTest::TearDown();
    }

    /// Starts the real binary with `args`, TMPDIR and the password in its environment.
    pid_t spawn(const std::vector<std::string>& args, const fs::path& tmpdir)
    {
        std::vector<std::string> env_text{"TMPDIR=" + tmpdir.string(),
                                          std::string("SSOSNAP_PASSWORD=") + k_admin_password};
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string v = *e;
            if (v.rfind("TMPDIR=", 0) != 0 && v.rfind("SSOSNAP_", 0) != 0) env_text.push_back(v);
        }
        std::vector<char*> env;
        for (auto& v : env_text)
            env.push_back(v.data());
        env.push_back(nullptr);
        std::vector<std::string> argv_text{SSOSNAP_BINARY};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_text)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const auto out = (tmp() / "child.out").string();
        const auto err = (tmp() / "child.err").string();
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT, 0600);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT, 0600);
        pid_t pid = -1;
        const int rc =
            posix_spawn(&pid, SSOSNAP_BINARY, &actions, nullptr, argv.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        EXPECT_EQ(rc, 0);
        return rc == 0 ? pid : -1;
    }

    /// Every path below `dir`, relative.
    static std::vector<std::string> tree(const fs::path& dir)
    {
        std::vector<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            out.push_back(fs::relative(e.path(), dir).generic_string());
        std::sort(out.begin(), out.end());
        return out;
    }

    /// Waits until the restore's work folder holds the safety snapshot's copy.
    static bool wait_for_safety_copy(const fs::path& tmpdir)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& p : tree(tmpdir)) {
                if (p.find("ssosnap-restore-") == 0 && p.size() > 4 &&
                    p.compare(p.size() - 4, 4, ".zip") == 0)
                    return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
};

TEST_P(WorkflowInterruptTest, LeavesNoTemporaryAndExits128PlusTheSignal)
{
    const int sig = GetParam();
    const auto archive = backup();
    fs::remove(server() / "kerberos_snapshots" / archive.filename());  // upload must happen
    change_live();
    const auto backups_before = tree(backups());
    m_emulator->add_faults({{Endpoint::upload, 1, 9, FaultKind::slow}});
    const fs::path tmpdir = tmp() / "child-tmp";
    fs::create_directories(tmpdir);

    const pid_t pid = spawn(
        {"restore", archive.string(), "--yes", "--retries", "0", "--url", url(), "--user", "admin"},
        tmpdir);
    ASSERT_GT(pid, 0);
    const bool copied = wait_for_safety_copy(tmpdir);
    if (copied) std::this_thread::sleep_for(std::chrono::milliseconds(300));  // upload under way
    ::kill(pid, sig);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    const auto err = read_text(tmp() / "child.err");
    ASSERT_TRUE(copied) << "the restore never brought the safety snapshot home:\n" << err;

    ASSERT_TRUE(WIFEXITED(status)) << "status " << status << "\n" << err;
    EXPECT_EQ(WEXITSTATUS(status), 128 + sig) << err;
    EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
    EXPECT_EQ(tree(tmpdir), std::vector<std::string>{}) << err;
    EXPECT_EQ(tree(backups()), backups_before);
    EXPECT_EQ(err.find(k_admin_password), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Signals, WorkflowInterruptTest, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) {
                             return std::string(param_info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

}  // namespace
}  // namespace ssosnap::loopback
