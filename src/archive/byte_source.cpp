#include "archive/byte_source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ssosnap::archive::detail
{
namespace
{

class MemorySource final : public ByteSource
{
public:
    explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
    std::uint64_t size() const override { return m_bytes.size(); }
    bool read_at(std::uint64_t offset, std::size_t n, std::string& out) const override
    {
        if (offset > m_bytes.size() || n > m_bytes.size() - offset) return false;
        out.assign(m_bytes.substr(offset, n));
        return true;
    }

private:
    std::string_view m_bytes;
};

class FileSource final : public ByteSource
{
public:
    FileSource(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    ~FileSource() override { ::close(m_fd); }
    std::uint64_t size() const override { return m_size; }
    bool read_at(std::uint64_t offset, std::size_t n, std::string& out) const override
    {
        if (offset > m_size || n > m_size - offset) return false;
        out.resize(n);
        std::size_t done = 0;
        while (done < n) {
            auto got =
                ::pread(m_fd, out.data() + done, n - done, static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            done += static_cast<std::size_t>(got);
        }
        return true;
    }

private:
    int m_fd;
    std::uint64_t m_size;
};

}  // namespace

std::unique_ptr<ByteSource> memory_source(std::string_view bytes)
{
    return std::make_unique<MemorySource>(bytes);
}

core::Result<std::unique_ptr<ByteSource>> file_source(const std::filesystem::path& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return core::fail(core::Errc::input, std::string("cannot open: ") + std::strerror(errno),
                          "unreadable");
    }
    struct stat st {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return core::fail(core::Errc::input, "not a regular file", "unreadable");
    }
    return std::unique_ptr<ByteSource>(
        std::make_unique<FileSource>(fd, static_cast<std::uint64_t>(st.st_size)));
}

}  // namespace ssosnap::archive::detail
