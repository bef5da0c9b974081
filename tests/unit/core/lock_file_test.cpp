// LockFile: a second holder is refused with the stable code while the first lives, and the
// lock is free again once the first is gone. flock locks belong to open file descriptions,
// so two acquisitions in one process exclude each other as two processes do.

#include "core/lock_file.hpp"

#include "core/files.hpp"
#include "core/subprocess.hpp"

#include <filesystem>
#include <gtest/gtest.h>

namespace ssosnap::core
{
namespace
{

namespace fs = std::filesystem;

fs::path temp_lock(const char* name)
{
    auto dir = make_temp_dir("lock-test");
    EXPECT_TRUE(dir.has_value());
    return *dir / name;
}

TEST(LockFileTest, SecondHolderIsRefusedUntilTheFirstIsGone)
{
    const auto path = temp_lock(".ssosnap-watch.lock");
    {
        auto first = LockFile::acquire(path);
        ASSERT_TRUE(first.has_value()) << first.error().message;
        auto second = LockFile::acquire(path);
        ASSERT_FALSE(second.has_value());
        EXPECT_EQ(second.error().code, Errc::refused);
        EXPECT_EQ(second.error().id, "locked");
        EXPECT_EQ(exit_status(second.error().code), 6);
    }
    EXPECT_TRUE(LockFile::acquire(path).has_value());
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::others_all, fs::perms::none);
    fs::remove_all(path.parent_path());
}

TEST(SubprocessTest, SplitsOnBlanksOnlyWithoutQuoting)
{
    EXPECT_EQ(split_command("  notify-send  --urgency=critical\t'a b' "),
              (std::vector<std::string>{"notify-send", "--urgency=critical", "'a", "b'"}));
}

TEST(SubprocessTest, RunsTheProgramWithInputOnStdin)
{
    const auto dir = temp_lock("x").parent_path();
    const auto out = dir / "got";
    auto status = run_with_input({"sh", "-c", "cat > '" + out.string() + "'; exit 3"},
                                 "{\"text\":\"hi\"}\n", std::chrono::seconds(10));
    ASSERT_TRUE(status.has_value()) << status.error().message;
    EXPECT_EQ(*status, 3);
    auto got = read_file(out);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, "{\"text\":\"hi\"}\n");
    fs::remove_all(dir);
}

TEST(SubprocessTest, KillsAProgramThatRunsTooLong)
{
    auto status = run_with_input({"sleep", "5"}, "", std::chrono::milliseconds(200));
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().id, "timeout");
}

}  // namespace
}  // namespace ssosnap::core
