#include "core/files.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

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

// While alive, records every durability call AtomicFile makes ("fsync temp", "rename temp ->
// out.txt", "fsync dir") and passes it on to the real one, or fails every fsync with EIO.
class RecordingFileOps
{
public:
    enum class Fsync { works, fails };
    RecordingFileOps(const fs::path& dir, Fsync fsync = Fsync::works) : m_dir(dir)
    {
        auto real = system_file_ops();
        m_previous = set_file_ops({[this, real, fsync](int fd, const fs::path& p) {
                                       calls.push_back("fsync " + name(p));
                                       if (fsync == Fsync::works) return real.fsync(fd, p);
                                       errno = EIO;
                                       return -1;
                                   },
                                   [this, real](const fs::path& from, const fs::path& to) {
                                       calls.push_back("rename " + name(from) + " -> " + name(to));
                                       return real.rename(from, to);
                                   },
                                   [this, real](const fs::path& from, const fs::path& to) {
                                       calls.push_back("link " + name(from) + " -> " + name(to));
                                       return real.link(from, to);
                                   }});
    }
    ~RecordingFileOps() { set_file_ops(std::move(m_previous)); }
    RecordingFileOps(const RecordingFileOps&) = delete;
    RecordingFileOps& operator=(const RecordingFileOps&) = delete;

    std::vector<std::string> calls;

private:
    std::string name(const fs::path& p) const
    {
        if (p == m_dir) return "dir";
        if (is_temp_name(p.filename().string()) && p.parent_path() == m_dir) return "temp";
        return p.parent_path() == m_dir ? p.filename().string() : p.string();
    }
    fs::path m_dir;
    FileSystemOps m_previous;
};

}  // namespace

TEST(FilesTest, CommitSyncsTheFileThenRenamesThenSyncsTheFolder)
{
    TempDir dir;
    RecordingFileOps ops(dir.path);
    ASSERT_TRUE(write_file_atomic(dir.path / "out.txt", "data", FileMode::shared));
    EXPECT_EQ(ops.calls,
              (std::vector<std::string>{"fsync temp", "rename temp -> out.txt", "fsync dir"}));
    EXPECT_EQ(*read_file(dir.path / "out.txt"), "data");
}

TEST(FilesTest, CommitWithoutOverwriteSyncsTheFileThenLinksThenSyncsTheFolder)
{
    TempDir dir;
    RecordingFileOps ops(dir.path);
    ASSERT_TRUE(write_file_atomic(dir.path / "out.txt", "data", FileMode::secret, Overwrite::no));
    EXPECT_EQ(ops.calls,
              (std::vector<std::string>{"fsync temp", "link temp -> out.txt", "fsync dir"}));
    EXPECT_EQ(count_entries(dir.path), 1u);  // the temporary name is gone after the link
}

TEST(FilesTest, AFailedFileSyncPublishesNothing)
{
    TempDir dir;
    RecordingFileOps ops(dir.path, RecordingFileOps::Fsync::fails);
    auto r = write_file_atomic(dir.path / "out.txt", "data", FileMode::shared);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::input);
    EXPECT_NE(r.error().message.find("cannot sync"), std::string::npos) << r.error().message;
    EXPECT_EQ(ops.calls, std::vector<std::string>{"fsync temp"});  // never renamed
    EXPECT_EQ(count_entries(dir.path), 0u);                        // and the temporary removed
}

TEST(FilesTest, AStartedSyncRunsBeforeCommitWhichWaitsForItInsteadOfSyncingAgain)
{
    TempDir dir;
    RecordingFileOps ops(dir.path);
    // Told when the temporary's fsync runs: start_sync() must run it without commit().
    std::promise<void> synced;
    auto recording = set_file_ops({});
    set_file_ops({[&synced, recording](int fd, const fs::path& p) {
                      int rc = recording.fsync(fd, p);
                      if (is_temp_name(p.filename().string())) synced.set_value();
                      return rc;
                  },
                  recording.rename, recording.link});
    auto file = AtomicFile::create(dir.path / "out.txt", FileMode::secret);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write("data"));
    file->start_sync();
    ASSERT_EQ(synced.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
    ASSERT_TRUE(file->commit());
    set_file_ops(recording);
    EXPECT_EQ(ops.calls,
              (std::vector<std::string>{"fsync temp", "rename temp -> out.txt", "fsync dir"}));
    EXPECT_EQ(*read_file(dir.path / "out.txt"), "data");
}

TEST(FilesTest, AFailedStartedSyncPublishesNothing)
{
    TempDir dir;
    RecordingFileOps ops(dir.path);
    // Only an fsync on another thread fails: were start_sync() to leave the fsync to commit(),
    // it would succeed on this thread and publish the file.
    auto recording = set_file_ops({});
    const auto test_thread = std::this_thread::get_id();
    set_file_ops({[recording, test_thread](int fd, const fs::path& p) {
                      int rc = recording.fsync(fd, p);
                      if (std::this_thread::get_id() == test_thread) return rc;
                      errno = EIO;
                      return -1;
                  },
                  recording.rename, recording.link});
    {
        auto file = AtomicFile::create(dir.path / "out.txt", FileMode::secret);
        ASSERT_TRUE(file);
        ASSERT_TRUE(file->write("data"));
        file->start_sync();
        auto r = file->commit();
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().message.find("cannot sync"), std::string::npos) << r.error().message;
        // the errno of the fsync on the other thread, not whatever errno holds here
        EXPECT_NE(r.error().message.find(std::strerror(EIO)), std::string::npos)
            << r.error().message;
    }
    set_file_ops(recording);
    EXPECT_EQ(ops.calls, std::vector<std::string>{"fsync temp"});  // never renamed
    EXPECT_EQ(count_entries(dir.path), 0u);
}

TEST(FilesTest, AFileDroppedWhileItsSyncRunsWaitsForItThenLeavesNothing)
{
    TempDir dir;
    // The started fsync is slow; dropping the file must wait for it (its descriptor still
    // open: the fsync succeeds) before the temporary is closed and removed.
    std::atomic<int> synced{0};
    auto previous = set_file_ops({});
    set_file_ops({[&synced, previous](int fd, const fs::path& p) {
                      std::this_thread::sleep_for(std::chrono::milliseconds(100));
                      const int rc = previous.fsync(fd, p);
                      synced = rc == 0 ? 1 : -1;
                      return rc;
                  },
                  previous.rename, previous.link});
    {
        auto file = AtomicFile::create(dir.path / "out.txt", FileMode::secret);
        ASSERT_TRUE(file);
        ASSERT_TRUE(file->write(std::string(1 << 20, 'x')));
        file->start_sync();
    }
    set_file_ops(previous);
    EXPECT_EQ(synced.load(), 1);  // ran, on an open descriptor, before the file was gone
    EXPECT_EQ(count_entries(dir.path), 0u);
}

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
