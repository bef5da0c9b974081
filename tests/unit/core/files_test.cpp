#include "core/files.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace ssosnap::core;
namespace fs = std::filesystem;

namespace
{
struct TempDir {
    fs::path path = *make_temp_dir("ssosnap-files-test");
    ~TempDir() { fs::remove_all(path); }
};
std::size_t count_entries(const fs::path& dir)
{
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST(FilesTest, AtomicWriteCreatesFileWithRequestedMode)
{
    TempDir dir;
    auto target = dir.path / "secret.key";
    ASSERT_TRUE(write_file_atomic(target, "hello", FileMode::secret));
    EXPECT_EQ(*read_file(target), "hello");
    struct stat st {
    };
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(count_entries(dir.path), 1u);  // no temporary left behind
}

TEST(FilesTest, UncommittedFileLeavesNothingBehind)
{
    TempDir dir;
    {
        auto f = AtomicFile::create(dir.path / "out.zip", FileMode::shared);
        ASSERT_TRUE(f);
        ASSERT_TRUE(f->write("partial"));
        EXPECT_TRUE(is_temp_name(f->temp_path().filename().string()));
    }
    EXPECT_EQ(count_entries(dir.path), 0u);
}

TEST(FilesTest, RefusesToOverwriteWhenAskedNotTo)
{
    TempDir dir;
    auto target = dir.path / "a";
    ASSERT_TRUE(write_file_atomic(target, "one", FileMode::shared));
    auto r = write_file_atomic(target, "two", FileMode::shared, Overwrite::no);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::input);
    EXPECT_EQ(*read_file(target), "one");
    EXPECT_EQ(count_entries(dir.path), 1u);
}

TEST(FilesTest, ReadFileReportsMissingFileAsInputError)
{
    auto r = read_file("/nonexistent/ssosnap/file");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::input);
    EXPECT_NE(r.error().message.find("/nonexistent/ssosnap/file"), std::string::npos);
}
