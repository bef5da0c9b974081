#include "archive/central_directory.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory_resource>
#include <string>
#include <unordered_map>

namespace ssosnap::archive::detail
{
namespace
{

constexpr std::uint32_t k_sig_local = 0x04034b50;
constexpr std::uint32_t k_sig_central = 0x02014b50;
constexpr std::uint32_t k_sig_end = 0x06054b50;
constexpr std::uint32_t k_sig_end64 = 0x06064b50;
constexpr std::uint32_t k_sig_locator64 = 0x07064b50;
constexpr std::size_t k_end_size = 22;
constexpr std::size_t k_central_size = 46;
constexpr std::size_t k_local_size = 30;
constexpr std::size_t k_max_comment = 65535;
constexpr std::size_t k_max_findings_per_code = 50;  // a hostile archive may have 65k overlaps

std::uint64_t le(std::string_view s, std::size_t pos, std::size_t n)
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= std::uint64_t(static_cast<unsigned char>(s[pos + i])) << (8 * i);
    return v;
}

core::Unexpected input_error(const std::string& message, const char* id)
{
    return core::fail(core::Errc::input, message, id);
}

struct EndRecord {
    std::uint64_t position = 0;  // of the (zip64) end record: the directory ends here
    std::uint64_t entries = 0;
    std::uint64_t dir_size = 0;
    std::uint64_t dir_offset = 0;
};

core::Result<EndRecord> apply_zip64(const ByteSource& src, std::uint64_t end_pos, EndRecord rec)
{
    std::string buf;
    if (end_pos < 20 || !src.read_at(end_pos - 20, 20, buf) || le(buf, 0, 4) != k_sig_locator64) {
        return rec;  // 0xFFFF values without a locator: take them literally
    }
    std::uint64_t pos = le(buf, 8, 8);
    if (!src.read_at(pos, 56, buf) || le(buf, 0, 4) != k_sig_end64) {
        return input_error("the zip64 end of central directory record is missing", "truncated");
    }
    if (le(buf, 16, 4) != 0 || le(buf, 20, 4) != 0) {
        return input_error("multi-disk archives are not supported", "unsupported");
    }
    rec.position = pos;
    rec.entries = le(buf, 32, 8);
    rec.dir_size = le(buf, 40, 8);
    rec.dir_offset = le(buf, 48, 8);
    return rec;
}

core::Result<EndRecord> find_end(const ByteSource& src)
{
    std::uint64_t size = src.size();
    std::string head;
    bool zip_start = src.read_at(0, 4, head) && le(head, 0, 4) == k_sig_local;
    std::uint64_t tail_len = std::min<std::uint64_t>(size, k_end_size + k_max_comment);
    std::string tail;
    if (size < k_end_size || !src.read_at(size - tail_len, tail_len, tail)) {
        return zip_start ? input_error("the archive is truncated (no end record)", "truncated")
                         : input_error("not a zip archive", "not-a-zip");
    }
    for (std::size_t i = tail.size() - k_end_size + 1; i-- > 0;) {
        if (le(tail, i, 4) != k_sig_end) continue;
        if (i + k_end_size + le(tail, i + 20, 2) > tail.size()) continue;  // comment cut
        EndRecord rec;
        rec.position = size - tail_len + i;
        if (le(tail, i + 4, 2) != 0 || le(tail, i + 6, 2) != 0) {
            return input_error("multi-disk archives are not supported", "unsupported");
        }
        rec.entries = le(tail, i + 10, 2);
        rec.dir_size = le(tail, i + 12, 4);
        rec.dir_offset = le(tail, i + 16, 4);
        if (rec.entries == 0xFFFF || rec.dir_size == 0xFFFFFFFF || rec.dir_offset == 0xFFFFFFFF) {
            return apply_zip64(src, rec.position, rec);
        }
        return rec;
    }
    return zip_start ? input_error("the archive is truncated (no end record)", "truncated")
                     : input_error("not a zip archive", "not-a-zip");
}

// Reads the zip64 extended-information extra field (0x0001) for the fields that overflowed.
void apply_zip64_extra(std::string_view extra, Entry& e, std::uint64_t& offset, bool big_usize,
                       bool big_csize, bool big_offset)
{
    std::size_t pos = 0;
    while (pos + 4 <= extra.size()) {
        auto id = le(extra, pos, 2);
        auto len = static_cast<std::size_t>(le(extra, pos + 2, 2));
        if (pos + 4 + len > extra.size()) return;
        if (id == 0x0001) {
            std::size_t p = pos + 4;
            auto take = [&](std::uint64_t& field) {
                if (p + 8 <= pos + 4 + len) {
                    field = le(extra, p, 8);
                    p += 8;
                }
            };
            if (big_usize) take(e.size);
            if (big_csize) take(e.compressed_size);
            if (big_offset) take(offset);
            return;
        }
        pos += 4 + len;
    }
}

core::Finding finding(const char* code, const std::string& path, const std::string& message)
{
    return {core::Severity::error, code, path, message};
}

struct Extent {
    std::uint64_t start;
    std::uint64_t end;
    std::size_t index;
};

class Walker
{
public:
    Walker(const ByteSource& src, const Limits& limits, Directory& dir, LocalHeaders local)
        : m_src(src), m_limits(limits), m_dir(dir), m_local(local)
    {
    }

    core::Result<void> walk(const std::string& cd, std::uint64_t count)
    {
        std::size_t pos = 0;
        for (std::uint64_t i = 0; i < count; ++i) {
            if (pos + k_central_size > cd.size() || le(cd, pos, 4) != k_sig_central) {
                return input_error("central directory record " + std::to_string(i) +
                                       " is damaged or cut",
                                   "truncated");
            }
            auto name_len = static_cast<std::size_t>(le(cd, pos + 28, 2));
            auto extra_len = static_cast<std::size_t>(le(cd, pos + 30, 2));
            auto comment_len = static_cast<std::size_t>(le(cd, pos + 32, 2));
            std::size_t total = k_central_size + name_len + extra_len + comment_len;
            if (pos + total > cd.size()) {
                return input_error("central directory record " + std::to_string(i) + " is cut",
                                   "truncated");
            }
            add_record(std::string_view(cd).substr(pos, total), name_len, extra_len, i);
            pos += total;
        }
        check_overlaps();
        check_totals();
        return {};
    }

private:
    void add_record(std::string_view rec, std::size_t name_len, std::size_t extra_len,
                    std::uint64_t index)
    {
        Entry e;
        e.index = index;
        e.name.assign(rec.substr(k_central_size, name_len));
        auto flags = le(rec, 8, 2);
        e.method = static_cast<std::uint16_t>(le(rec, 10, 2));
        e.mtime = dos_to_epoch(static_cast<std::uint16_t>(le(rec, 12, 2)),
                               static_cast<std::uint16_t>(le(rec, 14, 2)));
        e.crc32 = static_cast<std::uint32_t>(le(rec, 16, 4));
        e.compressed_size = le(rec, 20, 4);
        e.size = le(rec, 24, 4);
        std::uint64_t offset = le(rec, 42, 4);
        apply_zip64_extra(rec.substr(k_central_size + name_len, extra_len), e, offset,
                          e.size == 0xFFFFFFFF, e.compressed_size == 0xFFFFFFFF,
                          offset == 0xFFFFFFFF);
        e.encrypted = (flags & 1) != 0;
        e.is_directory = !e.name.empty() && (e.name.back() == '/' || e.name.back() == '\\');
        auto host = le(rec, 5, 1);
        auto mode = static_cast<std::uint32_t>(le(rec, 38, 4) >> 16);
        e.is_symlink = host == 3 && (mode & 0170000) == 0120000;
        check_limits(e);
        if (m_local == LocalHeaders::check) locate_data(e, offset);
        m_dir.entries.push_back(std::move(e));
    }

    void check_limits(const Entry& e)
    {
        if (e.size > m_limits.max_entry_size) {
            add(finding("limit-exceeded", e.name,
                        "claims " + std::to_string(e.size) + " bytes, above the limit of " +
                            std::to_string(m_limits.max_entry_size) + " per entry"));
        } else if (e.size > m_limits.ratio_min_size &&
                   e.size / std::max<std::uint64_t>(e.compressed_size, 1) > m_limits.max_ratio) {
            add(finding("limit-exceeded", e.name,
                        "compression ratio " +
                            std::to_string(e.size / std::max<std::uint64_t>(e.compressed_size, 1)) +
                            ":1 is above the limit of " + std::to_string(m_limits.max_ratio) +
                            ":1 (--max-ratio)"));
        }
        m_total += e.size;
    }

    // Reads the local header to learn where the entry's data really lies.
    void locate_data(const Entry& e, std::uint64_t offset)
    {
        char bytes[k_local_size];
        if (!m_src.read_into(offset, k_local_size, bytes)) {
            add(finding("truncated", e.name, "local header lies beyond the end of the archive"));
            return;
        }
        const std::string_view local(bytes, k_local_size);
        if (le(local, 0, 4) != k_sig_local) {
            add(finding("inconsistent-header", e.name,
                        "no local header where the central directory points"));
            return;
        }
        std::uint64_t start = offset;
        std::uint64_t end =
            offset + k_local_size + le(local, 26, 2) + le(local, 28, 2) + e.compressed_size;
        if (end > m_dir.directory_offset) {
            if (end > m_src.size()) {
                add(finding("truncated", e.name, "entry data runs past the end of the archive"));
            } else {
                add(finding("overlapping-entries", e.name,
                            "entry data runs into the central directory"));
            }
        }
        m_extents.push_back({start, end, m_dir.entries.size()});
    }

    void check_overlaps()
    {
        std::sort(m_extents.begin(), m_extents.end(),
                  [](const Extent& a, const Extent& b) { return a.start < b.start; });
        std::uint64_t max_end = 0;
        std::size_t owner = 0;
        for (const auto& x : m_extents) {
            if (x.start < max_end) {
                add(finding("overlapping-entries", m_dir.entries[x.index].name,
                            "data overlaps entry " + core::quote(m_dir.entries[owner].name)));
            }
            if (x.end > max_end) {
                max_end = x.end;
                owner = x.index;
            }
        }
    }

    void check_totals()
    {
        // `./a`, `a` and `a//` name the same file once extracted: compare them so. Keys point
        // into the entries' names, or into `changed` for the few names normalising changes.
        std::pmr::monotonic_buffer_resource pool;  // one block, not an allocation per name
        std::pmr::unordered_map<std::string_view, std::size_t> seen(&pool);
        seen.reserve(m_dir.entries.size());
        std::deque<std::string> changed;
        std::string key;
        for (const auto& e : m_dir.entries) {
            normal_key(e.name, key);
            std::string_view k = e.name;
            if (key != e.name) k = changed.emplace_back(key);
            if (++seen[k] == 2) {
                add(finding("duplicate-name", e.name, "more than one entry has this name"));
            }
        }
        if (m_total > m_limits.max_total_size) {
            add(finding("limit-exceeded", "",
                        "entries claim " + std::to_string(m_total) +
                            " bytes in total, above the limit of " +
                            std::to_string(m_limits.max_total_size) + " (--max-total-size)"));
        }
    }

    /// `name` without empty and "." components (a trailing '/' kept), into `key`.
    static void normal_key(std::string_view name, std::string& key)
    {
        key.clear();
        std::size_t start = 0;
        while (start <= name.size()) {
            auto slash = name.find('/', start);
            if (slash == std::string_view::npos) slash = name.size();
            auto part = name.substr(start, slash - start);
            if (!part.empty() && part != ".") {
                if (!key.empty()) key += '/';
                key += part;
            }
            start = slash + 1;
        }
        if (name.ends_with('/')) key += '/';
    }

    void add(core::Finding f)
    {
        if (++m_per_code[f.code] == k_max_findings_per_code + 1) {
            f.path.clear();
            f.message = "more findings of this kind left out";
        } else if (m_per_code[f.code] > k_max_findings_per_code + 1) {
            return;
        }
        m_dir.findings.push_back(std::move(f));
    }

    const ByteSource& m_src;
    const Limits& m_limits;
    Directory& m_dir;
    LocalHeaders m_local;
    std::vector<Extent> m_extents;
    std::map<std::string, std::size_t> m_per_code;
    std::uint64_t m_total = 0;
};

}  // namespace

core::Result<Directory> parse_directory(const ByteSource& src, const Limits& limits,
                                        LocalHeaders local)
{
    auto end = find_end(src);
    if (!end) return core::fail(end.error());
    if (end->entries > limits.max_entries) {
        return input_error("the archive has " + std::to_string(end->entries) +
                               " entries, above the limit of " +
                               std::to_string(limits.max_entries) + " (--max-entries)",
                           "limit-exceeded");
    }
    if (end->dir_size > k_max_directory_bytes) {
        return input_error("the central directory is larger than " +
                               std::to_string(k_max_directory_bytes) + " bytes",
                           "limit-exceeded");
    }
    if (end->dir_offset > end->position || end->dir_size > end->position - end->dir_offset) {
        return input_error("the central directory lies beyond its end record (truncated?)",
                           "truncated");
    }
    std::string cd;
    if (!src.read_at(end->dir_offset, static_cast<std::size_t>(end->dir_size), cd)) {
        return input_error("the central directory cannot be read", "truncated");
    }
    Directory dir;
    dir.directory_offset = end->dir_offset;
    dir.entries.reserve(static_cast<std::size_t>(end->entries));
    Walker walker(src, limits, dir, local);
    SSOSNAP_TRY(walker.walk(cd, end->entries));
    return dir;
}

std::int64_t dos_to_epoch(std::uint16_t dos_time, std::uint16_t dos_date)
{
    using namespace std::chrono;
    const year_month_day date{year{1980 + (dos_date >> 9)},
                              month{std::clamp((dos_date >> 5) & 0xFu, 1u, 12u)},
                              day{std::clamp(dos_date & 0x1Fu, 1u, 31u)}};
    // A day past the month's end (Feb 31) rolls over into the next month, as [time.cal.ymd]
    // defines sys_days of a year_month_day whose year and month are valid.
    const auto midnight = sys_days{date}.time_since_epoch();
    std::int64_t secs =
        (dos_time >> 11) * 3600 + ((dos_time >> 5) & 0x3F) * 60 + (dos_time & 0x1F) * 2;
    return duration_cast<seconds>(midnight).count() + secs;
}

void epoch_to_dos(std::int64_t epoch_s, std::uint16_t& dos_time, std::uint16_t& dos_date)
{
    using namespace std::chrono;
    constexpr std::int64_t k_min = 315532800;   // 1980-01-01T00:00:00Z
    constexpr std::int64_t k_max = 4354819198;  // 2107-12-31T23:59:58Z
    const sys_seconds t{seconds{std::clamp(epoch_s, k_min, k_max)}};
    const auto midnight = floor<days>(t);
    const year_month_day date{midnight};
    const auto secs = (t - midnight).count();
    dos_date = static_cast<std::uint16_t>(((static_cast<int>(date.year()) - 1980) << 9) |
                                          (static_cast<unsigned>(date.month()) << 5) |
                                          static_cast<unsigned>(date.day()));
    dos_time = static_cast<std::uint16_t>(((secs / 3600) << 11) | (((secs / 60) % 60) << 5) |
                                          ((secs % 60) / 2));
}

}  // namespace ssosnap::archive::detail
