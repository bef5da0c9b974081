#pragma once
// Internal to crypt/: running one program as a child process without a shell (posix_spawn),
// its standard streams given as file descriptors, and what it said on stderr.

#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ssosnap::crypt::detail
{

/// The descriptors the child gets as 0, 1 and 2 (the parent keeps its own copies; every
/// descriptor this module opens is close-on-exec, so the child inherits nothing else).
struct ChildStreams {
    int in = -1;
    int out = -1;
    int err = -1;
};

/// Starts `program` (an absolute or relative path, never looked up by a shell) with `args`
/// (argv[1..]). Fails with Errc::internal ("spawn-failed").
core::Result<pid_t> spawn(const std::filesystem::path& program,
                          const std::vector<std::string>& args, const ChildStreams& streams);

/// Waits for `pid` (retrying on EINTR). Returns the exit status, or 128 + signal when the
/// child was killed by one.
int wait_child(pid_t pid) noexcept;

/// An anonymous in-memory file (memfd) for a child's stderr: never on disk, never a pipe that
/// could fill and block the child while the parent is busy with its other streams.
class StderrCapture
{
public:
    /// Fails with Errc::internal when no memfd can be made.
    static core::Result<StderrCapture> create();
    StderrCapture(StderrCapture&& other) noexcept;
    StderrCapture& operator=(StderrCapture&&) = delete;
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;
    ~StderrCapture();
    int fd() const { return m_fd; }
    /// The first `max_bytes` the child wrote.
    std::string text(std::size_t max_bytes = 4096) const;

private:
    explicit StderrCapture(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

/// A file descriptor closed on destruction.
class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return m_fd; }
    void reset() noexcept;

private:
    int m_fd = -1;
};

}  // namespace ssosnap::crypt::detail
