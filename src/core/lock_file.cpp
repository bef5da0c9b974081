#include "core/lock_file.hpp"

#include "core/strings.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace ssosnap::core
{

Result<LockFile> LockFile::acquire(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return fail(Errc::input,
                    "cannot open lock file " + quote(path.string()) + ": " + std::strerror(errno),
                    "lock-open");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        ::close(fd);
        if (e == EWOULDBLOCK) {
            return fail(Errc::refused,
                        "another run holds " + quote(path.string()) +
                            ": it is still working on this baseline; try again later",
                        "locked");
        }
        return fail(Errc::input, "cannot lock " + quote(path.string()) + ": " + std::strerror(e),
                    "lock-open");
    }
    return LockFile(path, fd);
}

LockFile::LockFile(LockFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1))
{
}

LockFile& LockFile::operator=(LockFile&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_path = std::move(other.m_path);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

LockFile::~LockFile()
{
    if (m_fd >= 0) ::close(m_fd);  // closing the last descriptor releases the flock
}

}  // namespace ssosnap::core
