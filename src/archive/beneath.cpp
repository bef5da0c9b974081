#include "archive/beneath.hpp"

#include "core/strings.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utility>

namespace ssosnap::archive
{

Fd& Fd::operator=(Fd&& o) noexcept
{
    std::swap(m_fd, o.m_fd);
    return *this;
}

Fd::~Fd()
{
    if (m_fd >= 0) ::close(m_fd);
}

namespace
{

core::Unexpected sys_error(const std::string& what, int err)
{
    return core::fail(core::Errc::input, what + ": " + std::strerror(err), "unwritable");
}

core::Unexpected outside(std::string_view relative, const char* why)
{
    return core::fail(core::Errc::refused,
                      "entry path " + core::quote(relative) + " " + why +
                          ": it would resolve outside the target folder",
                      "outside-target");
}

// openat2 beneath `dir`, no symbolic link anywhere; -1 with errno set (ENOSYS: no openat2).
int open_beneath(int dir, const char* name, int flags, mode_t mode)
{
#ifdef SYS_openat2
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags) | O_CLOEXEC;
    how.mode = (flags & O_CREAT) != 0 ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
    long fd;
    do {
        fd = ::syscall(SYS_openat2, dir, name, &how, sizeof how);
    } while (fd < 0 && errno == EAGAIN);  // a concurrent rename; the kernel asks to retry
    return static_cast<int>(fd);
#else
    (void)dir, (void)name, (void)flags, (void)mode;
    errno = ENOSYS;
    return -1;
#endif
}

// Opens one path component below `dir`: the kernel resolves it beneath `dir` when it can,
// else ".." is refused here and O_NOFOLLOW refuses a link.
int open_component(int dir, const std::string& name, int flags, mode_t mode, Resolution& how)
{
    if (how == Resolution::kernel) {
        const int fd = open_beneath(dir, name.c_str(), flags, mode);
        if (fd >= 0 || errno != ENOSYS) return fd;
        how = Resolution::walk;
    }
    if (name == "..") {
        errno = EXDEV;
        return -1;
    }
    return ::openat(dir, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
}

// Errors that mean "this component leads outside or through a link".
bool escapes(int err)
{
    return err == EXDEV || err == ELOOP;
}

struct Split {
    std::vector<std::string> dirs;
    std::string leaf;
};

Split split_path(std::string_view relative)
{
    Split out;
    for (auto& part : core::split(relative, '/')) {
        if (!part.empty() && part != ".") out.dirs.push_back(std::move(part));
    }
    if (!out.dirs.empty()) {
        out.leaf = std::move(out.dirs.back());
        out.dirs.pop_back();
    }
    return out;
}

core::Result<Fd> walk_dirs(int root, std::string_view relative,
                           const std::vector<std::string>& dirs, Resolution& how)
{
    if (!relative.empty() && relative.front() == '/') return outside(relative, "is absolute");
    Fd dir(::fcntl(root, F_DUPFD_CLOEXEC, 0));
    if (dir.get() < 0) return sys_error("cannot open the target folder", errno);
    for (const auto& name : dirs) {
        // mkdirat never follows a link in its last component; ".." exists already.
        if (::mkdirat(dir.get(), name.c_str(), 0700) != 0 && errno != EEXIST)
            return sys_error("cannot create folder " + core::quote(name), errno);
        Fd next(open_component(dir.get(), name, O_RDONLY | O_DIRECTORY, 0, how));
        if (next.get() < 0) {
            if (escapes(errno)) return outside(relative, "leads through '..' or a link");
            return core::fail(core::Errc::input,
                              "entry path " + core::quote(name) + " is both a file and a folder",
                              "duplicate-name");
        }
        dir = std::move(next);
    }
    return dir;
}

}  // namespace

core::Result<Fd> open_dir_beneath(int root, std::string_view relative, Resolution resolution)
{
    auto parts = split_path(relative);
    if (!parts.leaf.empty()) parts.dirs.push_back(std::move(parts.leaf));
    return walk_dirs(root, relative, parts.dirs, resolution);
}

core::Result<Fd> create_file_beneath(int root, std::string_view relative, Resolution resolution)
{
    auto parts = split_path(relative);
    if (parts.leaf.empty()) return outside(relative, "names no file");
    auto dir = walk_dirs(root, relative, parts.dirs, resolution);
    if (!dir) return core::fail(dir.error());
    Fd fd(open_component(dir->get(), parts.leaf, O_WRONLY | O_CREAT | O_EXCL, 0600, resolution));
    if (fd.get() < 0) {
        if (escapes(errno)) return outside(relative, "leads through '..' or a link");
        if (errno == EEXIST || errno == EISDIR) {
            return core::fail(core::Errc::input,
                              "entry " + core::quote(relative) + " collides with another entry",
                              "duplicate-name");
        }
        return sys_error("cannot create " + core::quote(relative), errno);
    }
    return fd;
}

}  // namespace ssosnap::archive
