#pragma once
// The second wall of extraction: every output path is resolved beneath the target folder by
// the kernel, so that a bug in the entry-name check (lint's unsafe_reason) still cannot write
// outside it. openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS refuses "..", absolute
// paths and symbolic links on the way; where the kernel has no openat2 (ENOSYS, Linux < 5.6)
// a walk one component at a time refuses ".." and opens each with O_NOFOLLOW.

#include "core/result.hpp"

#include <string_view>

namespace ssosnap::archive
{

/// A file descriptor closed on destruction.
class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();
    int get() const { return m_fd; }

private:
    int m_fd;
};

/// How a path is resolved beneath the root: by openat2 when the kernel has it (falling back
/// to the walk on ENOSYS), or always by the walk (tests of the fallback).
enum class Resolution { kernel, walk };

/// Opens the folder `relative` (components separated by '/'; empty and "." components are
/// skipped) beneath the open folder `root`, creating missing folders with mode 0700. Fails
/// with Errc::refused, id "outside-target", when a component is "..", the path is absolute
/// or a component is a symbolic link; Errc::input, id "duplicate-name", when a component is a
/// file; Errc::input, "unwritable", on other system errors.
core::Result<Fd> open_dir_beneath(int root, std::string_view relative,
                                  Resolution resolution = Resolution::kernel);

/// Creates the new file `relative` beneath `root` (its folders as open_dir_beneath, the file
/// with O_EXCL and mode 0600) and returns it open for writing. Fails as open_dir_beneath, and
/// with "duplicate-name" when the file exists.
core::Result<Fd> create_file_beneath(int root, std::string_view relative,
                                     Resolution resolution = Resolution::kernel);

}  // namespace ssosnap::archive
