#include "archive/writer.hpp"

#include "archive/central_directory.hpp"
#include "archive/lint.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <zip.h>

namespace ssosnap::archive
{
namespace
{

// Regular file, rw-r--r--, "made by" Unix: fixed so the output never depends on the source
// files' modes (the archive file itself is 0600).
constexpr std::uint32_t k_unix_mode = 0100644;

core::Unexpected write_error(const std::string& what, zip_error_t* error)
{
    std::string text = error != nullptr ? zip_error_strerror(error) : "unknown error";
    return core::fail(core::Errc::internal, what + ": " + core::to_lower(text));
}

// A writable in-memory zip: libzip builds the archive in a buffer, the caller then writes
// the bytes atomically (libzip's own temp-and-rename would bypass core::AtomicFile).
class MemoryZip
{
public:
    MemoryZip(const MemoryZip&) = delete;
    MemoryZip& operator=(const MemoryZip&) = delete;
    ~MemoryZip()
    {
        if (m_zip != nullptr) zip_discard(m_zip);
        if (m_src != nullptr) zip_source_free(m_src);
    }

    /// Starts from `initial` bytes (empty: a new archive).
    static core::Result<std::unique_ptr<MemoryZip>> open(std::string_view initial)
    {
        std::unique_ptr<MemoryZip> z(new MemoryZip);
        zip_error_t error;
        zip_error_init(&error);
        // libzip owns (and frees) the initial bytes: with write cloning (libzip 1.7) the buffer
        // source frees its first fragment even when told not to, so it must come from malloc,
        // never from a std::string (ASan: alloc-dealloc-mismatch, then a crash in release).
        void* bytes = nullptr;
        if (!initial.empty()) {
            bytes = std::malloc(initial.size());
            if (bytes == nullptr) return core::fail(core::Errc::internal, "out of memory");
            std::memcpy(bytes, initial.data(), initial.size());
        }
        z->m_src =
            zip_source_buffer_create(bytes, initial.size(), bytes != nullptr ? 1 : 0, &error);
        if (z->m_src == nullptr) {
            std::free(bytes);
            return write_error("cannot create a buffer", &error);
        }
        zip_source_keep(z->m_src);
        z->m_zip =
            zip_open_from_source(z->m_src, initial.empty() ? ZIP_CREATE | ZIP_TRUNCATE : 0, &error);
        if (z->m_zip == nullptr) {
            auto e = write_error("cannot open the archive for writing", &error);
            zip_error_fini(&error);
            return e;
        }
        zip_error_fini(&error);
        return z;
    }

    zip_t* handle() { return m_zip; }

    /// Sets the fixed attributes of entry `idx`: deflate, DOS time, Unix mode.
    core::Result<void> set_attributes(zip_uint64_t idx, std::int64_t epoch_s)
    {
        std::uint16_t dos_time = 0;
        std::uint16_t dos_date = 0;
        detail::epoch_to_dos(epoch_s, dos_time, dos_date);
        if (zip_set_file_compression(m_zip, idx, ZIP_CM_DEFLATE, 9) != 0 ||
            zip_file_set_dostime(m_zip, idx, dos_time, dos_date, 0) != 0 ||
            zip_file_set_external_attributes(m_zip, idx, 0, ZIP_OPSYS_UNIX, k_unix_mode << 16) !=
                0) {
            return write_error("cannot set entry attributes", zip_get_error(m_zip));
        }
        return {};
    }

    /// Finishes the archive and returns its bytes.
    core::Result<std::string> finish()
    {
        if (zip_close(m_zip) != 0)
            return write_error("cannot write the archive", zip_get_error(m_zip));
        m_zip = nullptr;
        std::string out;
        if (zip_source_open(m_src) != 0) {
            return write_error("cannot read the written archive", zip_source_error(m_src));
        }
        char buf[65536];
        zip_int64_t n = 0;
        while ((n = zip_source_read(m_src, buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        zip_source_close(m_src);
        if (n < 0) return write_error("cannot read the written archive", zip_source_error(m_src));
        if (out.empty()) out = std::string("PK\x05\x06", 4) + std::string(18, '\0');  // no entries
        return out;
    }

private:
    MemoryZip() = default;
    zip_source_t* m_src = nullptr;
    zip_t* m_zip = nullptr;
};

core::Result<void> check_names(const std::vector<WriterEntry>& entries)
{
    std::set<std::string_view> seen;
    for (const auto& e : entries) {
        if (!is_safe_entry_name(e.name) || e.name.back() == '/') {
            return core::fail(core::Errc::input, "unsafe entry name " + core::quote(e.name),
                              "unsafe-path");
        }
        if (!seen.insert(e.name).second) {
            return core::fail(core::Errc::input, "duplicate entry name " + core::quote(e.name),
                              "duplicate-name");
        }
    }
    return {};
}

core::Result<void> write_bytes(const std::filesystem::path& out, std::string_view bytes,
                               const WriteOptions& options)
{
    return core::write_file_atomic(out, bytes, options.mode, options.overwrite);
}

std::int64_t floor_seconds(std::int64_t millis)
{
    return millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000);
}

core::Result<std::string> build(std::vector<WriterEntry> entries, const WriteOptions& options,
                                const std::string& context)
{
    if (auto ok = check_names(entries); !ok) return core::fail(ok.error().with_context(context));
    std::sort(entries.begin(), entries.end(),
              [](const WriterEntry& a, const WriterEntry& b) { return a.name < b.name; });
    auto zip = MemoryZip::open({});
    if (!zip) return core::fail(zip.error().with_context(context));
    for (const auto& e : entries) {
        zip_source_t* src = zip_source_buffer((*zip)->handle(), e.data.data(), e.data.size(), 0);
        zip_int64_t idx =
            src == nullptr ? -1 : zip_file_add((*zip)->handle(), e.name.c_str(), src, 0);
        if (idx < 0) {
            if (src != nullptr) zip_source_free(src);
            return core::fail(
                write_error("cannot add " + core::quote(e.name), zip_get_error((*zip)->handle()))
                    .error.with_context(context));
        }
        auto set = (*zip)->set_attributes(static_cast<zip_uint64_t>(idx),
                                          floor_seconds(options.mtime_millis));
        if (!set) return core::fail(set.error().with_context(context));
    }
    auto bytes = (*zip)->finish();
    if (!bytes) return core::fail(bytes.error().with_context(context));
    return bytes;
}

core::Result<std::string> rebuild(const Reader& source,
                                  const std::map<std::string, std::string>& replacements,
                                  const WriteOptions& options, const std::string& context)
{
    auto original = source.raw_bytes();
    if (!original) return core::fail(original.error().with_context(context));
    auto zip = MemoryZip::open(*original);
    if (!zip) return core::fail(zip.error().with_context(context));
    for (const auto& [name, data] : replacements) {
        auto i = source.find(name);
        if (!i) {
            return core::fail(core::Errc::input,
                              context + ": the archive has no entry " + core::quote(name));
        }
        zip_source_t* src = zip_source_buffer((*zip)->handle(), data.data(), data.size(), 0);
        if (src == nullptr || zip_file_replace((*zip)->handle(), *i, src, 0) != 0) {
            if (src != nullptr) zip_source_free(src);
            return core::fail(
                write_error("cannot replace " + core::quote(name), zip_get_error((*zip)->handle()))
                    .error.with_context(context));
        }
        // Keep the entry's own time unless the caller gives one.
        std::int64_t when = options.mtime_millis != 0 ? floor_seconds(options.mtime_millis)
                                                      : source.entries()[*i].mtime;
        auto set = (*zip)->set_attributes(*i, when);
        if (!set) return core::fail(set.error().with_context(context));
    }
    auto bytes = (*zip)->finish();
    if (!bytes) return core::fail(bytes.error().with_context(context));
    return bytes;
}

}  // namespace

core::Result<void> write_archive(const std::filesystem::path& out, std::vector<WriterEntry> entries,
                                 const WriteOptions& options)
{
    auto bytes = build(std::move(entries), options, "writing " + core::quote(out.string()));
    if (!bytes) return core::fail(bytes.error());
    return write_bytes(out, *bytes, options);
}

core::Result<std::string> build_archive(std::vector<WriterEntry> entries,
                                        const WriteOptions& options)
{
    return build(std::move(entries), options, "building the archive");
}

core::Result<void> rewrite_archive(const Reader& source, const std::filesystem::path& out,
                                   const std::map<std::string, std::string>& replacements,
                                   const WriteOptions& options)
{
    auto bytes = rebuild(source, replacements, options,
                         "rewriting " + core::quote(source.display_name()) + " into " +
                             core::quote(out.string()));
    if (!bytes) return core::fail(bytes.error());
    return write_bytes(out, *bytes, options);
}

core::Result<std::string> rebuild_archive(const Reader& source,
                                          const std::map<std::string, std::string>& replacements,
                                          const WriteOptions& options)
{
    return rebuild(source, replacements, options,
                   "rewriting " + core::quote(source.display_name()));
}

}  // namespace ssosnap::archive
