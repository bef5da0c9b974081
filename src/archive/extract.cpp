#include "archive/extract.hpp"

#include "archive/beneath.hpp"
#include "archive/classify.hpp"
#include "archive/lint.hpp"
#include "core/files.hpp"
#include "core/interrupt.hpp"
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

/// Removes the staging folder unless released.
class Staging
{
public:
    explicit Staging(fs::path p) : m_path(std::move(p)), m_cleanup(m_path, core::TempKind::tree) {}
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;
    ~Staging()
    {
        if (m_path.empty()) return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }
    void release()
    {
        m_path.clear();
        m_cleanup.release();
    }

private:
    fs::path m_path;
    core::InterruptCleanup m_cleanup;  ///< removed on SIGINT/SIGTERM too
};

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

// Every file of a config tree is sensitive: 0600 whatever the classification says (the
// report still tells which ones are secrets).
core::Result<ExtractedFile> write_entry(const Reader& reader, std::size_t i, int root)
{
    const auto& e = reader.entries()[i];
    if (e.name.find_first_not_of("/.") == std::string::npos)
        return ExtractedFile{.name = e.name, .size = 0, .secret = false};  // names no file
    auto data = reader.read(i);
    if (!data) return core::fail(data.error());
    const bool secret = is_secret_by_name(e.name) || is_secret_content(e.name, *data);
    auto fd = create_file_beneath(root, e.name);
    if (!fd) return core::fail(fd.error());
    SSOSNAP_TRY(write_all(fd->get(), *data, e.name));
    return ExtractedFile{.name = e.name, .size = data->size(), .secret = secret};
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
            auto d = open_dir_beneath(root.get(), e.name);
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
