#include "archive/extract.hpp"

#include "archive/classify.hpp"
#include "archive/lint.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace ssosnap::archive
{
namespace
{

namespace fs = std::filesystem;

core::Unexpected sys_error(const std::string& what, int err)
{
    return core::fail(core::Errc::input, what + ": " + std::strerror(err), "unwritable");
}

/// A file descriptor closed on destruction.
class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    Fd& operator=(Fd&& o) noexcept
    {
        std::swap(m_fd, o.m_fd);
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

/// Removes the staging folder unless released.
class Staging
{
public:
    explicit Staging(fs::path p) : m_path(std::move(p)) {}
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;
    ~Staging()
    {
        if (m_path.empty()) return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    fs::path m_path;
};

std::vector<std::string> components(std::string_view name)
{
    std::vector<std::string> out;
    for (auto& part : core::split(name, '/')) {
        if (!part.empty() && part != ".") out.push_back(std::move(part));
    }
    return out;
}

// Opens (creating when missing) the folders of `parts` below `root`, never following a link.
core::Result<Fd> open_dirs(int root, const std::vector<std::string>& parts, std::size_t count)
{
    Fd dir(::dup(root));
    for (std::size_t i = 0; i < count; ++i) {
        if (::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
            return sys_error("cannot create folder " + core::quote(parts[i]), errno);
        }
        Fd next(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) {
            return core::fail(core::Errc::input,
                              "entry path " + core::quote(parts[i]) +
                                  " is both a file and a folder",
                              "duplicate-name");
        }
        dir = std::move(next);
    }
    return dir;
}

core::Result<void> write_all(int fd, std::string_view data, const std::string& name)
{
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return sys_error("cannot write " + core::quote(name), errno);
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd) != 0) return sys_error("cannot sync " + core::quote(name), errno);
    return {};
}

core::Result<ExtractedFile> write_entry(const Reader& reader, std::size_t i, int root)
{
    const auto& e = reader.entries()[i];
    auto parts = components(e.name);
    if (parts.empty()) return ExtractedFile{e.name, 0, false};
    auto dir = open_dirs(root, parts, parts.size() - 1);
    if (!dir) return core::fail(dir.error());
    auto data = reader.read(i);
    if (!data) return core::fail(data.error());
    bool secret = is_secret_by_name(e.name) || is_secret_content(e.name, *data);
    Fd fd(::openat(dir->get(), parts.back().c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        if (errno == EEXIST) {
            return core::fail(core::Errc::input,
                              "entry " + core::quote(e.name) + " collides with another entry",
                              "duplicate-name");
        }
        return sys_error("cannot create " + core::quote(e.name), errno);
    }
    if (::fchmod(fd.get(), secret ? 0600 : 0644) != 0) {
        return sys_error("cannot set the mode of " + core::quote(e.name), errno);
    }
    SSOSNAP_TRY(write_all(fd.get(), *data, e.name));
    return ExtractedFile{e.name, data->size(), secret};
}

core::Result<void> gate(const Reader& reader)
{
    std::vector<std::string> blocking;
    std::optional<core::Finding> other;
    for (const auto& f : lint_structure(reader)) {
        if (is_extract_blocking(f.code)) {
            blocking.push_back(f.code + (f.path.empty() ? "" : " " + core::quote(f.path)));
        } else if (f.severity == core::Severity::error && !other) {
            other = f;
        }
    }
    if (!blocking.empty()) {
        std::string list;
        for (std::size_t i = 0; i < blocking.size() && i < 5; ++i)
            list += (i ? ", " : "") + blocking[i];
        if (blocking.size() > 5) list += ", ...";
        return core::fail(core::Errc::refused,
                          "refusing to extract: " + std::to_string(blocking.size()) +
                              " unsafe finding(s): " + list + "; run 'ssosnap verify' for details",
                          "unsafe-archive");
    }
    if (other) {
        return core::fail(core::Errc::input,
                          other->code + " " + core::quote(other->path) + ": " + other->message,
                          other->code);
    }
    return {};
}

core::Result<void> check_target(const fs::path& dir)
{
    struct stat st {
    };
    if (::lstat(dir.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return sys_error("cannot inspect " + core::quote(dir.string()), errno);
    }
    if (S_ISLNK(st.st_mode)) {
        return core::fail(core::Errc::refused,
                          core::quote(dir.string()) + " is a symbolic link; give a real folder",
                          "target-not-empty");
    }
    std::error_code ec;
    if (!S_ISDIR(st.st_mode) || !fs::is_empty(dir, ec)) {
        return core::fail(core::Errc::refused,
                          core::quote(dir.string()) +
                              " exists and is not an empty folder; choose a new folder",
                          "target-not-empty");
    }
    return {};
}

}  // namespace

bool is_extract_blocking(std::string_view code)
{
    return code == "unsafe-path" || code == "symlink-entry" || code == "duplicate-name" ||
           code == "overlapping-entries" || code == "limit-exceeded";
}

core::Result<ExtractReport> extract_archive(const Reader& reader, const fs::path& dir_in)
{
    fs::path dir = dir_in;
    if (!dir.has_filename()) dir = dir.parent_path();  // "out/" → "out"
    const std::string context = "extracting " + core::quote(reader.display_name());
    if (auto ok = gate(reader); !ok) return core::fail(ok.error().with_context(context));
    if (auto ok = check_target(dir); !ok) return core::fail(ok.error().with_context(context));
    fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    std::string pattern =
        (parent / ("." + dir.filename().string() + ".ssosnap-tmp-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return core::fail(
            sys_error("cannot create a staging folder in " + core::quote(parent.string()), errno)
                .error.with_context(context));
    }
    Staging staging{fs::path(pattern)};
    Fd root(::open(staging.path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    ExtractReport report;
    for (std::size_t i = 0; i < reader.entries().size(); ++i) {
        const auto& e = reader.entries()[i];
        if (e.is_directory) {
            auto parts = components(e.name);
            auto d = open_dirs(root.get(), parts, parts.size());
            if (!d) return core::fail(d.error().with_context(context));
            ++report.directories;
            continue;
        }
        auto file = write_entry(reader, i, root.get());
        if (!file) return core::fail(file.error().with_context(context));
        report.files.push_back(std::move(*file));
    }
    ::fsync(root.get());
    if (::rename(staging.path().c_str(), dir.c_str()) != 0) {
        return core::fail(
            sys_error("cannot move the staging folder to " + core::quote(dir.string()), errno)
                .error.with_context(context));
    }
    staging.release();
    core::sync_directory(parent);
    return report;
}

}  // namespace ssosnap::archive
