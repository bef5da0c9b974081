#pragma once
// An advisory exclusive lock on a file (flock), held while a LockFile object lives, so two
// processes doing the same job (two `ssosnap watch` runs on one baseline) never overlap. The
// kernel drops the lock when the process ends, however it ends: a stale lock cannot stay.

#include "core/result.hpp"

#include <filesystem>

namespace ssosnap::core
{

class LockFile
{
public:
    /// Creates `path` (mode 0600) if needed and takes its lock without waiting. Fails with
    /// Errc::refused, id "locked", when another process holds it; Errc::input when the file
    /// cannot be opened.
    static Result<LockFile> acquire(const std::filesystem::path& path);
    LockFile(LockFile&& other) noexcept;
    LockFile& operator=(LockFile&& other) noexcept;
    LockFile(const LockFile&) = delete;
    LockFile& operator=(const LockFile&) = delete;
    ~LockFile();

    const std::filesystem::path& path() const { return m_path; }

private:
    LockFile(std::filesystem::path path, int fd) : m_path(std::move(path)), m_fd(fd) {}
    std::filesystem::path m_path;
    int m_fd = -1;
};

}  // namespace ssosnap::core
