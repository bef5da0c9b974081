#include "archive/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
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
    bool read_into(std::uint64_t offset, std::size_t n, char* dst) const override
    {
        if (offset > m_bytes.size() || n > m_bytes.size() - offset) return false;
        if (n > 0) std::memcpy(dst, m_bytes.data() + offset, n);
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
    bool read_into(std::uint64_t offset, std::size_t n, char* dst) const override
    {
        if (offset > m_size || n > m_size - offset) return false;
        if (n > k_block / 2) return pread_all(offset, n, dst);
        const bool cached = offset >= m_block_offset && offset - m_block_offset <= m_block.size() &&
                            n <= m_block.size() - (offset - m_block_offset);
        if (!cached) {
            const auto len =
                static_cast<std::size_t>(std::min<std::uint64_t>(k_block, m_size - offset));
            m_block.resize(len);
            if (!pread_all(offset, len, m_block.data())) {
                m_block.clear();
                return false;
            }
            m_block_offset = offset;
        }
        if (n > 0) std::memcpy(dst, m_block.data() + (offset - m_block_offset), n);
        return true;
    }

private:
    // Just under 64 KiB: glibc's free() of a chunk of 64 KiB or more first merges every small
    // chunk freed so far (FASTBIN_CONSOLIDATION_THRESHOLD), ~0.3 ms after libzip has freed
    // the directory of 2,000 entries.
    static constexpr std::size_t k_block = std::size_t{60} * 1024;

    bool pread_all(std::uint64_t offset, std::size_t n, char* dst) const
    {
        std::size_t done = 0;
        while (done < n) {
            auto got = ::pread(m_fd, dst + done, n - done, static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            done += static_cast<std::size_t>(got);
        }
        return true;
    }

    int m_fd;
    std::uint64_t m_size;
    mutable std::string m_block;  ///< the cached bytes [m_block_offset, + size())
    mutable std::uint64_t m_block_offset = 0;
};

class RangeSource final : public ByteSource
{
public:
    RangeSource(std::uint64_t size, RangeFetch fetch) : m_size(size), m_fetch(std::move(fetch)) {}
    std::uint64_t size() const override { return m_size; }
    bool read_into(std::uint64_t offset, std::size_t n, char* dst) const override
    {
        if (offset > m_size || n > m_size - offset) return false;
        if (n == 0) return true;
        for (const auto& span : m_spans) {
            if (offset >= span.offset && offset - span.offset <= span.bytes.size() &&
                n <= span.bytes.size() - (offset - span.offset)) {
                std::memcpy(dst, span.bytes.data() + (offset - span.offset), n);
                return true;
            }
        }
        std::uint64_t start = offset;
        auto len =
            std::max<std::uint64_t>(n, std::min<std::uint64_t>(k_range_block, m_size - offset));
        if (offset + n == m_size) {
            // The end record's neighbourhood, read by parse_directory and then by libzip, each
            // a little differently (libzip takes 21 bytes more): one window serves both.
            len = std::min<std::uint64_t>(m_size, std::max<std::uint64_t>(n, k_range_tail));
            start = m_size - len;
        }
        if (len > k_range_max_span) return m_fetch(offset, n, dst);
        Span span{start, std::string(static_cast<std::size_t>(len), '\0')};
        if (!m_fetch(start, span.bytes.size(), span.bytes.data())) return false;
        std::memcpy(dst, span.bytes.data() + (offset - start), n);
        if (m_spans.size() == k_range_spans) m_spans.pop_front();  // the oldest
        m_spans.push_back(std::move(span));
        return true;
    }

private:
    struct Span {
        std::uint64_t offset;
        std::string bytes;
    };
    std::uint64_t m_size;
    RangeFetch m_fetch;
    mutable std::deque<Span> m_spans;
};

}  // namespace

std::unique_ptr<ByteSource> range_source(std::uint64_t size, RangeFetch fetch)
{
    return std::make_unique<RangeSource>(size, std::move(fetch));
}

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
