#pragma once
// File I/O with the project's safety rules: every write goes to a temporary file in the
// target's folder, is fsync'ed and renamed into place, so a failed or killed command leaves
// no partial output under the final name. Temporaries are named ".<name>.ssosnap-tmp-XXXXXX".

#include "core/interrupt.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <string_view>

namespace ssosnap::core
{

/// Permission class of a written file. `secret` files (keys, tokens, snapshots) get 0600.
enum class FileMode { shared, secret };

/// What to do when the final path already exists.
enum class Overwrite { no, yes };

/// Returns the whole content of `path`, or an input error naming it. Refuses files larger
/// than `max_bytes`.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::uint64_t max_bytes = std::uint64_t{1} << 32);

/// Writes `data` to `path` atomically (temp, fsync, rename, fsync of the folder).
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view data,
                               FileMode mode, Overwrite overwrite = Overwrite::yes);

/// A file being written: bytes go to a temporary beside `final_path`; commit() fsyncs and
/// renames it into place; destruction without commit() removes the temporary, and so does
/// SIGINT/SIGTERM (core/interrupt.hpp) while it exists.
class AtomicFile
{
public:
    /// Creates the temporary. Fails with an input error if the folder is not writable or
    /// (with Overwrite::no) if `final_path` exists.
    static Result<AtomicFile> create(const std::filesystem::path& final_path, FileMode mode,
                                     Overwrite overwrite = Overwrite::yes);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    /// Appends bytes to the temporary. Every 8 MiB it asks the kernel to start writing them
    /// to disk (sync_file_range, without waiting), so that a large file's disk writes overlap
    /// with producing it instead of all waiting for commit()'s fsync.
    Result<void> write(std::string_view data);
    /// Starts making what was written durable (fsync) on a thread of its own, so the caller
    /// can read the temporary meanwhile (a downloaded archive is checked while the disk
    /// catches up); commit() waits for it and reports its error. Nothing may be written after.
    void start_sync();
    /// Flushes, fsyncs (or waits for start_sync()'s fsync) and renames the temporary to the
    /// final path.
    Result<void> commit();
    /// The temporary's path (for libraries that want to write by name).
    const std::filesystem::path& temp_path() const { return m_temp; }
    const std::filesystem::path& final_path() const { return m_final; }

private:
    AtomicFile() = default;
    void discard() noexcept;
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    int m_fd = -1;
    std::uint64_t m_written = 0;         ///< bytes written so far
    std::uint64_t m_writeback_from = 0;  ///< first byte whose writeback has not been started
    Overwrite m_overwrite = Overwrite::yes;
    bool m_committed = false;
    InterruptCleanup m_cleanup;  ///< the temporary, while it exists
    std::future<int> m_sync;     ///< start_sync()'s fsync: 0 or its errno
};

/// fsyncs a folder so a rename inside it is durable. Best effort: errors are ignored.
void sync_directory(const std::filesystem::path& dir) noexcept;

/// The system calls AtomicFile's durability rests on, so a test can record that commit() does
/// fsync(file) → rename (or link) → fsync(folder) in that order: a missing fsync is invisible
/// otherwise. Each returns 0 or -1 with errno set, like the call it stands for; `path` names
/// the file or folder behind `fd`.
struct FileSystemOps {
    std::function<int(int fd, const std::filesystem::path& path)> fsync;
    std::function<int(const std::filesystem::path& from, const std::filesystem::path& to)> rename;
    std::function<int(const std::filesystem::path& from, const std::filesystem::path& to)> link;
};

/// The real calls (::fsync, ::rename, ::link).
FileSystemOps system_file_ops();

/// Replaces the calls AtomicFile and sync_directory() make; returns the previous ones. For
/// tests only: not synchronised with files being committed on other threads.
FileSystemOps set_file_ops(FileSystemOps ops);

/// Returns true when `name` is one of this project's temporary file names.
bool is_temp_name(std::string_view name);

/// Creates a fresh private (0700) folder under the system temp dir and returns its path.
Result<std::filesystem::path> make_temp_dir(std::string_view prefix);

}  // namespace ssosnap::core
