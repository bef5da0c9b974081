// SIGINT and SIGTERM leave nothing behind: a child process registers temporaries (a file, a
// folder tree, an AtomicFile's temporary, a TempFolder), gets the signal, and the parent checks
// that every one is gone, that what was not registered stays, and the exit status is 128 + n.

#include "core/files.hpp"
#include "core/interrupt.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace ssosnap::core
{
namespace
{

namespace fs = std::filesystem;

class InterruptTest : public ::testing::TestWithParam<int>
{
protected:
    void SetUp() override { m_dir = *make_temp_dir("ssosnap-interrupt-test"); }
    void TearDown() override
    {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    /// Runs `body` in a child with the handlers installed, then sends it the signal under
    /// test; returns the child's wait status.
    template <typename Body> int in_child_interrupted(Body body)
    {
        const pid_t pid = ::fork();
        if (pid == 0) {
            remove_temporaries_on_signal();
            body();
            ::raise(GetParam());
            ::_exit(0);  // not reached when the handler works
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return status;
    }

    static void touch(const fs::path& p) { std::ofstream(p) << "live config copy\n"; }

    fs::path m_dir;
};

TEST_P(InterruptTest, RemovesRegisteredFilesAndTreesAndExits128PlusTheSignal)
{
    const fs::path file = m_dir / "temp.zip";
    const fs::path tree = m_dir / "work";
    const fs::path kept = m_dir / "kept.txt";
    const int status = in_child_interrupted([&] {
        touch(file);
        fs::create_directories(tree / "a" / "b");
        touch(tree / "a" / "b" / "safety.zip");
        touch(tree / "top.zip");
        touch(kept);
        // Leaked on purpose: the process ends in the handler.
        new InterruptCleanup(file, TempKind::file);
        new InterruptCleanup(tree, TempKind::tree);
    });
    ASSERT_TRUE(WIFEXITED(status)) << "status " << status;
    EXPECT_EQ(WEXITSTATUS(status), 128 + GetParam());
    EXPECT_FALSE(fs::exists(file));
    EXPECT_FALSE(fs::exists(tree));
    EXPECT_TRUE(fs::exists(kept));  // only what was registered goes
}

TEST_P(InterruptTest, AnAtomicFileAndATempFolderInProgressAreRemoved)
{
    const fs::path final_path = m_dir / "out.zip";
    const fs::path where = m_dir / "tmpdir";
    fs::create_directories(where);
    const int status = in_child_interrupted([&] {
        ::setenv("TMPDIR", where.c_str(), 1);
        auto created = AtomicFile::create(final_path, FileMode::secret);
        auto* file = new AtomicFile(std::move(*created));
        (void)file->write("half of an archive");
        auto made = TempFolder::create("ssosnap-restore");
        auto* dir = new TempFolder(std::move(*made));
        touch(dir->path() / "sso-snapshot-2026-11-28-09_15_47.zip");
    });
    ASSERT_TRUE(WIFEXITED(status)) << "status " << status;
    EXPECT_EQ(WEXITSTATUS(status), 128 + GetParam());
    EXPECT_TRUE(fs::is_empty(where));
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(m_dir))
        left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{"tmpdir"});  // no temporary, no final name
}

TEST_P(InterruptTest, AReleasedPathIsNotTouched)
{
    const fs::path file = m_dir / "committed.zip";
    const int status = in_child_interrupted([&] {
        touch(file);
        InterruptCleanup cleanup(file, TempKind::file);
        cleanup.release();
    });
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_TRUE(fs::exists(file));
}

INSTANTIATE_TEST_SUITE_P(Signals, InterruptTest, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) {
                             return std::string(param_info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

}  // namespace
}  // namespace ssosnap::core
