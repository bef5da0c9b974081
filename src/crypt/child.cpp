#include "crypt/child.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace ssosnap::crypt::detail
{

core::Result<pid_t> spawn(const std::filesystem::path& program,
                          const std::vector<std::string>& args, const ChildStreams& streams)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the target, so exactly these three reach the child.
    posix_spawn_file_actions_adddup2(&actions, streams.in, 0);
    posix_spawn_file_actions_adddup2(&actions, streams.out, 1);
    posix_spawn_file_actions_adddup2(&actions, streams.err, 2);
    const std::string name = program.string();
    std::vector<char*> argv;
    argv.reserve(args.size() + 2);
    argv.push_back(const_cast<char*>(name.c_str()));  // NOLINT: execve's historical signature
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));  // NOLINT
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, name.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        return core::fail(core::Errc::internal,
                          "cannot start " + name + ": " + std::strerror(rc),  // NOLINT
                          "spawn-failed");
    }
    return pid;
}

int wait_child(pid_t pid) noexcept
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return 127;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 127;
}

core::Result<StderrCapture> StderrCapture::create()
{
    const int fd = ::memfd_create("ssosnap-age-stderr", MFD_CLOEXEC);
    if (fd < 0) {
        return core::fail(core::Errc::internal,
                          std::string("cannot create a memory file: ") + std::strerror(errno),
                          "spawn-failed");
    }
    return StderrCapture(fd);
}

StderrCapture::StderrCapture(StderrCapture&& other) noexcept : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

StderrCapture::~StderrCapture()
{
    if (m_fd >= 0) ::close(m_fd);
}

std::string StderrCapture::text(std::size_t max_bytes) const
{
    std::string out(max_bytes, '\0');
    std::size_t have = 0;
    while (have < max_bytes) {
        const ssize_t n =
            ::pread(m_fd, out.data() + have, max_bytes - have, static_cast<off_t>(have));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        have += static_cast<std::size_t>(n);
    }
    out.resize(have);
    return out;
}

Fd& Fd::operator=(Fd&& other) noexcept
{
    if (this != &other) {
        reset();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

void Fd::reset() noexcept
{
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

}  // namespace ssosnap::crypt::detail
