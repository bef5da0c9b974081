#pragma once
// What a SIGINT or SIGTERM leaves behind: nothing. Temporaries (AtomicFile's files, private
// work folders, extract's staging folder) are registered while they exist; the handler removes
// them with async-signal-safe system calls only (unlink, openat, getdents64, unlinkat, rmdir)
// and ends the process with _exit(128 + signal): 130 for SIGINT, 143 for SIGTERM.

#include "core/result.hpp"

#include <filesystem>

namespace ssosnap::core
{

/// Installs the SIGINT and SIGTERM handlers. Called once by the ssosnap binary's main(); a
/// library user (tests in-process) without it keeps the default signal behaviour.
void remove_temporaries_on_signal();

/// What a registered path is: one file, or a folder removed with everything in it.
enum class TempKind { file, tree };

/// Registers a temporary path for removal on SIGINT/SIGTERM while this object lives (at most
/// 64 at a time, paths below 4 KiB; beyond that a path is simply not registered).
class InterruptCleanup
{
public:
    InterruptCleanup() = default;
    InterruptCleanup(const std::filesystem::path& path, TempKind kind);
    InterruptCleanup(InterruptCleanup&& other) noexcept;
    InterruptCleanup& operator=(InterruptCleanup&& other) noexcept;
    InterruptCleanup(const InterruptCleanup&) = delete;
    InterruptCleanup& operator=(const InterruptCleanup&) = delete;
    ~InterruptCleanup();

    /// Unregisters now (the path was renamed into place or removed).
    void release() noexcept;

private:
    int m_slot = -1;
};

/// A fresh private (0700) folder under the system temp dir, registered with
/// InterruptCleanup, removed with its content on destruction.
class TempFolder
{
public:
    /// Fails with Errc::input when no folder can be created.
    static Result<TempFolder> create(const char* prefix);
    TempFolder(TempFolder&& other) noexcept;
    TempFolder& operator=(TempFolder&&) noexcept = delete;
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    ~TempFolder();
    const std::filesystem::path& path() const { return m_path; }

private:
    TempFolder(std::filesystem::path path, InterruptCleanup cleanup);
    std::filesystem::path m_path;
    InterruptCleanup m_cleanup;
};

}  // namespace ssosnap::core
