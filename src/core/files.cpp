#include "core/files.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace ssosnap::core
{
namespace
{

std::string quoted(const std::filesystem::path& p)
{
    return "'" + p.string() + "'";
}

Unexpected errno_error(const std::string& what, const std::filesystem::path& p, int err)
{
    return fail(Errc::input, what + " " + quoted(p) + ": " + std::strerror(err));
}

constexpr std::string_view k_temp_marker = ".ssosnap-tmp-";

FileSystemOps& file_ops()
{
    static FileSystemOps ops = system_file_ops();
    return ops;
}

}  // namespace

FileSystemOps system_file_ops()
{
    return {[](int fd, const std::filesystem::path&) { return ::fsync(fd); },
            [](const std::filesystem::path& from, const std::filesystem::path& to) {
                return ::rename(from.c_str(), to.c_str());
            },
            [](const std::filesystem::path& from, const std::filesystem::path& to) {
                return ::link(from.c_str(), to.c_str());
            }};
}

FileSystemOps set_file_ops(FileSystemOps ops)
{
    return std::exchange(file_ops(), std::move(ops));
}

Result<std::string> read_file(const std::filesystem::path& path, std::uint64_t max_bytes)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return fail(Errc::input, "reading " + quoted(path) + ": is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return errno_error("cannot open", path, errno);
    std::string data;
    std::array<char, 65536> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        data.append(buf.data(), static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_bytes) {
            return fail(Errc::input,
                        "reading " + quoted(path) + ": file larger than " +
                            std::to_string(max_bytes) + " bytes",
                        "limit-exceeded");
        }
    }
    if (in.bad()) return errno_error("cannot read", path, errno);
    return data;
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view data,
                               FileMode mode, Overwrite overwrite)
{
    auto file = AtomicFile::create(path, mode, overwrite);
    if (!file) return fail(file.error());
    SSOSNAP_TRY(file->write(data));
    return file->commit();
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& final_path, FileMode mode,
                                      Overwrite overwrite)
{
    std::error_code ec;
    if (overwrite == Overwrite::no && std::filesystem::symlink_status(final_path, ec).type() !=
                                          std::filesystem::file_type::not_found) {
        return fail(Errc::input, "refusing to overwrite existing " + quoted(final_path));
    }
    auto dir = final_path.parent_path();
    if (dir.empty()) dir = ".";
    std::string pattern =
        (dir / ("." + final_path.filename().string() + std::string(k_temp_marker) + "XXXXXX"))
            .string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) return errno_error("cannot create a file in", dir, errno);
    ::fchmod(fd, mode == FileMode::secret ? 0600 : 0644);
    AtomicFile file;
    file.m_final = final_path;
    file.m_temp = pattern;
    file.m_fd = fd;
    file.m_overwrite = overwrite;
    file.m_cleanup = InterruptCleanup(file.m_temp, TempKind::file);
    return file;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_final(std::move(other.m_final)), m_temp(std::move(other.m_temp)), m_fd(other.m_fd),
      m_written(other.m_written), m_writeback_from(other.m_writeback_from),
      m_overwrite(other.m_overwrite), m_committed(other.m_committed),
      m_cleanup(std::move(other.m_cleanup)), m_sync(std::move(other.m_sync))
{
    other.m_fd = -1;
    other.m_committed = true;
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept
{
    if (this != &other) {
        discard();
        m_final = std::move(other.m_final);
        m_temp = std::move(other.m_temp);
        m_fd = other.m_fd;
        m_written = other.m_written;
        m_writeback_from = other.m_writeback_from;
        m_overwrite = other.m_overwrite;
        m_committed = other.m_committed;
        m_cleanup = std::move(other.m_cleanup);
        m_sync = std::move(other.m_sync);
        other.m_fd = -1;
        other.m_committed = true;
    }
    return *this;
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard() noexcept
{
    if (m_sync.valid()) m_sync.wait();  // the fsync still uses m_fd
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_committed && !m_temp.empty()) ::unlink(m_temp.c_str());
    m_cleanup.release();
    m_committed = true;
}

Result<void> AtomicFile::write(std::string_view data)
{
    while (!data.empty()) {
        ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_error("cannot write", m_temp, errno);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
        m_written += static_cast<std::uint64_t>(n);
    }
    constexpr std::uint64_t k_writeback_step = 8 << 20;
    if (m_written - m_writeback_from >= k_writeback_step) {
        // Best effort: commit()'s fsync reports any write error.
        ::sync_file_range(m_fd, static_cast<off_t>(m_writeback_from),
                          static_cast<off_t>(m_written - m_writeback_from), SYNC_FILE_RANGE_WRITE);
        m_writeback_from = m_written;
    }
    return {};
}

void AtomicFile::start_sync()
{
    if (m_sync.valid() || m_fd < 0) return;
    try {
        m_sync = std::async(std::launch::async, [fd = m_fd, path = m_temp] {
            return file_ops().fsync(fd, path) == 0 ? 0 : errno;
        });
    } catch (const std::system_error&) {
        // No thread to be had: commit() syncs on the caller's thread, as without this call.
    }
}

Result<void> AtomicFile::commit()
{
    const int sync_error =
        m_sync.valid() ? m_sync.get() : (file_ops().fsync(m_fd, m_temp) == 0 ? 0 : errno);
    if (sync_error != 0) return errno_error("cannot sync", m_temp, sync_error);
    ::close(m_fd);
    m_fd = -1;
    if (m_overwrite == Overwrite::no) {
        // link() fails if the target exists, so a concurrent writer cannot be clobbered.
        if (file_ops().link(m_temp, m_final) != 0) {
            int err = errno;
            discard();
            return errno_error("cannot create", m_final, err);
        }
        ::unlink(m_temp.c_str());
    } else if (file_ops().rename(m_temp, m_final) != 0) {
        int err = errno;
        discard();
        return errno_error("cannot rename into", m_final, err);
    }
    m_committed = true;
    m_cleanup.release();
    auto dir = m_final.parent_path();
    sync_directory(dir.empty() ? std::filesystem::path(".") : dir);
    return {};
}

void sync_directory(const std::filesystem::path& dir) noexcept
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        file_ops().fsync(fd, dir);
        ::close(fd);
    }
}

bool is_temp_name(std::string_view name)
{
    return name.find(k_temp_marker) != std::string_view::npos;
}

Result<std::filesystem::path> make_temp_dir(std::string_view prefix)
{
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return errno_error("cannot create a temporary folder in", base, errno);
    }
    return std::filesystem::path(pattern);
}

}  // namespace ssosnap::core
