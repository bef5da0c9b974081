#include "archive/reader.hpp"

#include "archive/byte_source.hpp"
#include "archive/central_directory.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory_resource>
#include <unordered_map>
#include <zip.h>

namespace ssosnap::archive
{

/// What libzip's zip source reads through: the same ByteSource (and so the same open file)
/// the central-directory parser read.
struct ZipSourceState {
    const detail::ByteSource* bytes = nullptr;
    std::uint64_t pos = 0;
    zip_error_t error{};
};

struct Reader::Impl {
    std::string display;
    std::string memory;  // the bytes of an archive opened from memory
    std::unique_ptr<detail::ByteSource> bytes;
    ZipSourceState source;
    Limits limits;
    zip_t* zip = nullptr;
    std::vector<Entry> entries;
    std::vector<core::Finding> findings;
    /// The nodes of `first_index` (one block instead of an allocation per entry).
    std::pmr::monotonic_buffer_resource index_pool;
    std::pmr::unordered_map<std::string_view, std::size_t> first_index{
        &index_pool};  ///< names in `entries`

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl()
    {
        if (zip != nullptr) zip_discard(zip);
        zip_error_fini(&source.error);
    }
};

namespace
{

constexpr std::size_t k_chunk = std::size_t{64} * 1024;

// Maps a libzip error to this project's stable codes (all local input errors).
core::Error zip_error(const zip_error_t* error, const std::string& what)
{
    int code = zip_error_code_zip(error);
    const char* id = "unreadable";
    switch (code) {
    case ZIP_ER_CRC:
        id = "crc-mismatch";
        break;
    case ZIP_ER_EOF:
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
        id = "truncated";
        break;
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        id = "encrypted-entry";
        break;
    case ZIP_ER_COMPNOTSUPP:
        id = "unsupported-method";
        break;
    case ZIP_ER_NOZIP:
        id = "not-a-zip";
        break;
    case ZIP_ER_INCONS:
        id = "inconsistent-header";
        break;
    default:
        break;
    }
    // zip_error_strerror needs a mutable error; copy it so callers can pass const ones.
    zip_error_t copy;
    zip_error_init_with_code(&copy, code);
    std::string text = zip_error_strerror(&copy);
    zip_error_fini(&copy);
    return {core::Errc::input, what + ": " + core::to_lower(text), id};
}

// A read-only, seekable libzip source over a ByteSource. libzip's own file source opens the
// path a second time (another file could be there by then) and stats it once per entry.
zip_int64_t read_source(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    auto& s = *static_cast<ZipSourceState*>(state);
    const std::uint64_t size = s.bytes->size();
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        s.pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        const std::uint64_t n = std::min<std::uint64_t>(len, size - std::min(s.pos, size));
        if (n > 0 && !s.bytes->read_into(s.pos, n, static_cast<char*>(data))) {
            zip_error_set(&s.error, ZIP_ER_READ, EIO);
            return -1;
        }
        s.pos += n;
        return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:  // the state belongs to Reader::Impl
        return 0;
    case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->size = size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s.error, data, len);
    case ZIP_SOURCE_SEEK: {
        auto pos = zip_source_seek_compute_offset(s.pos, size, data, len, &s.error);
        if (pos < 0) return -1;
        s.pos = static_cast<std::uint64_t>(pos);
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return static_cast<zip_int64_t>(s.pos);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
            ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

core::Result<void> open_zip(Reader::Impl& impl)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_error_init(&impl.source.error);
    impl.source.bytes = impl.bytes.get();
    zip_source_t* src = zip_source_function_create(read_source, &impl.source, &error);
    if (src != nullptr) {
        impl.zip = zip_open_from_source(src, ZIP_RDONLY, &error);
        if (impl.zip == nullptr) zip_source_free(src);
    }
    if (impl.zip == nullptr) {
        auto err = zip_error(&error, "cannot open");
        zip_error_fini(&error);
        return core::fail(err);
    }
    zip_error_fini(&error);
    auto count = zip_get_num_entries(impl.zip, 0);
    if (count < 0 || static_cast<std::uint64_t>(count) != impl.entries.size()) {
        return core::fail(core::Errc::input, "the central directory is inconsistent",
                          "inconsistent-header");
    }
    return {};
}

core::Result<Reader::Impl*> finish_open(Reader::Impl& impl,
                                        detail::LocalHeaders local = detail::LocalHeaders::check)
{
    auto dir = detail::parse_directory(*impl.bytes, impl.limits, local);
    if (!dir) return core::fail(dir.error());
    impl.entries = std::move(dir->entries);
    impl.findings = std::move(dir->findings);
    impl.first_index.reserve(impl.entries.size());
    for (std::size_t i = 0; i < impl.entries.size(); ++i)
        impl.first_index.emplace(impl.entries[i].name, i);  // `entries` never changes again
    SSOSNAP_TRY(open_zip(impl));
    return &impl;
}

core::Result<void> check_entry_limits(const Entry& e, const Limits& limits)
{
    if (e.encrypted) {
        return core::fail(core::Errc::input, "the entry is encrypted", "encrypted-entry");
    }
    if (e.size > limits.max_entry_size) {
        return core::fail(core::Errc::input,
                          "the entry claims " + std::to_string(e.size) +
                              " bytes, above the limit of " + std::to_string(limits.max_entry_size),
                          "limit-exceeded");
    }
    if (e.size > limits.ratio_min_size &&
        e.size / std::max<std::uint64_t>(e.compressed_size, 1) > limits.max_ratio) {
        return core::fail(core::Errc::input,
                          "the entry's compression ratio is above the limit of " +
                              std::to_string(limits.max_ratio) + ":1 (--max-ratio)",
                          "limit-exceeded");
    }
    return {};
}

}  // namespace

core::Result<Reader> Reader::open_file(const std::filesystem::path& path, const Limits& limits)
{
    auto impl = std::make_unique<Impl>();
    impl->display = path.string();
    impl->limits = limits;
    auto bytes = detail::file_source(path);
    if (!bytes)
        return core::fail(bytes.error().with_context("reading " + core::quote(impl->display)));
    impl->bytes = std::move(*bytes);
    auto opened = finish_open(*impl);
    if (!opened)
        return core::fail(opened.error().with_context("reading " + core::quote(impl->display)));
    return Reader(std::move(impl));
}

core::Result<Reader> Reader::open_memory(std::string bytes, std::string display_name,
                                         const Limits& limits)
{
    auto impl = std::make_unique<Impl>();
    impl->display = std::move(display_name);
    impl->memory = std::move(bytes);
    impl->limits = limits;
    impl->bytes = detail::memory_source(impl->memory);
    auto opened = finish_open(*impl);
    if (!opened)
        return core::fail(opened.error().with_context("reading " + core::quote(impl->display)));
    return Reader(std::move(impl));
}

core::Result<Reader> Reader::open_ranges(std::uint64_t size, RangeReader read,
                                         std::string display_name, const Limits& limits)
{
    auto impl = std::make_unique<Impl>();
    impl->display = std::move(display_name);
    impl->limits = limits;
    impl->bytes = detail::range_source(size, std::move(read));
    auto opened = finish_open(*impl, detail::LocalHeaders::skip);
    if (!opened)
        return core::fail(opened.error().with_context("reading " + core::quote(impl->display)));
    return Reader(std::move(impl));
}

Reader::Reader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

const std::vector<Entry>& Reader::entries() const
{
    return m_impl->entries;
}

std::optional<std::size_t> Reader::find(std::string_view name) const
{
    auto it = m_impl->first_index.find(name);
    if (it == m_impl->first_index.end()) return std::nullopt;
    return it->second;
}

core::Result<std::string> Reader::read(std::size_t i) const
{
    std::string out;
    // Growing by appends re-copies and re-faults a large entry several times (half of a 40 MB
    // diff's time went there); the claimed size is trusted for this only once the limits
    // accept it, and read_chunks stops as soon as the data proves it wrong.
    if (i < m_impl->entries.size() && check_entry_limits(m_impl->entries[i], m_impl->limits))
        out.reserve(m_impl->entries[i].size);
    auto done = read_chunks(i, [&out](std::string_view chunk) -> core::Result<void> {
        out.append(chunk);
        return {};
    });
    if (!done) return core::fail(done.error());
    return out;
}

core::Result<void>
Reader::read_chunks(std::size_t i,
                    const std::function<core::Result<void>(std::string_view)>& sink) const
{
    if (i >= m_impl->entries.size()) {
        return core::fail(core::Errc::internal, "no entry number " + std::to_string(i));
    }
    const Entry& e = m_impl->entries[i];
    const std::string context =
        "reading " + core::quote(m_impl->display) + ", entry " + core::quote(e.name);
    if (auto ok = check_entry_limits(e, m_impl->limits); !ok) {
        return core::fail(ok.error().with_context(context));
    }
    zip_file_t* file = zip_fopen_index(m_impl->zip, i, 0);
    if (file == nullptr) return core::fail(zip_error(zip_get_error(m_impl->zip), context));
    std::array<char, k_chunk> buf{};
    std::uint64_t total = 0;
    core::Result<void> result;
    for (;;) {
        zip_int64_t n = zip_fread(file, buf.data(), buf.size());
        if (n < 0) {
            auto err = zip_error(zip_file_get_error(file), context);
            if (err.id == "crc-mismatch" && total < e.size) {
                // libzip checks the CRC when the compressed data runs out; with fewer bytes
                // than the directory claims, the data was cut rather than corrupted.
                err = {core::Errc::input,
                       context + ": the data ends after " + std::to_string(total) + " of " +
                           std::to_string(e.size) + " bytes",
                       "truncated"};
            }
            result = core::fail(err);
            break;
        }
        if (n == 0) break;
        total += static_cast<std::uint64_t>(n);
        if (total > e.size) {  // never trust the header: stop as soon as it is proven wrong
            result = core::fail(core::Errc::input,
                                context + ": inflates to more than the " + std::to_string(e.size) +
                                    " bytes the directory claims",
                                "size-mismatch");
            break;
        }
        if (auto ok = sink(std::string_view(buf.data(), static_cast<std::size_t>(n))); !ok) {
            result = ok;
            break;
        }
    }
    zip_fclose(file);
    if (result && total < e.size) {
        return core::fail(core::Errc::input,
                          context + ": inflates to " + std::to_string(total) +
                              " bytes, the directory claims " + std::to_string(e.size),
                          "truncated");
    }
    return result;
}

const std::vector<core::Finding>& Reader::structural_findings() const
{
    return m_impl->findings;
}

const std::string& Reader::display_name() const
{
    return m_impl->display;
}

std::uint64_t Reader::archive_size() const
{
    return m_impl->bytes->size();
}

core::Result<std::string> Reader::raw_bytes() const
{
    std::string out;
    if (!m_impl->bytes->read_at(0, m_impl->bytes->size(), out))
        return core::fail(core::Errc::input,
                          "reading " + core::quote(m_impl->display) + ": the file got shorter",
                          "truncated");
    return out;
}

std::optional<std::string_view> Reader::memory_bytes() const
{
    // A zip is at least 22 bytes (its end record): only open_memory() fills `memory`.
    if (m_impl->memory.empty()) return std::nullopt;
    return std::string_view(m_impl->memory);
}

const Limits& Reader::limits() const
{
    return m_impl->limits;
}

}  // namespace ssosnap::archive
