#include "emulator/snapshots.hpp"

#include "archive/lint.hpp"
#include "archive/reader.hpp"
#include "archive/writer.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"
#include "metadata/file_name.hpp"
#include "metadata/local_time.hpp"
#include "metadata/locate.hpp"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>

namespace ssosnap::emulator
{
namespace
{

namespace fs = std::filesystem;
constexpr std::string_view k_live_prefix = "kerberos/";

core::Unexpected unreadable(const std::string& what)
{
    return core::fail(core::Errc::input, what, "unreadable");
}

// Every regular file under `dir` as "kerberos/<relative path>".
core::Result<std::vector<archive::WriterEntry>> live_entries(const fs::path& dir)
{
    std::vector<archive::WriterEntry> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        auto data = core::read_file(it->path());
        if (!data) return core::fail(data.error());
        auto rel = fs::relative(it->path(), dir).generic_string();
        out.push_back({std::string(k_live_prefix) + rel, std::move(*data)});
    }
    if (ec)
        return core::fail(core::Errc::input, "cannot list " + dir.string() + ": " + ec.message());
    return out;
}

// Extracts the kerberos/ entries of `reader` below `staging`, refusing anything unsafe.
core::Result<void> extract_live(const archive::Reader& reader, const fs::path& staging)
{
    const auto& entries = reader.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (!e.name.starts_with(k_live_prefix)) continue;
        std::string rel = e.name.substr(k_live_prefix.size());
        if (rel.empty()) continue;
        if (e.is_symlink || !archive::is_safe_entry_name(rel))
            return unreadable("unsafe entry " + core::quote(e.name));
        fs::path target = staging / rel;
        std::error_code ec;
        if (e.is_directory) {
            fs::create_directories(target, ec);
            continue;
        }
        fs::create_directories(target.parent_path(), ec);
        auto file = core::AtomicFile::create(target, core::FileMode::secret);
        if (!file) return core::fail(file.error());
        SSOSNAP_TRY(reader.read_chunks(i, [&](std::string_view c) { return file->write(c); }));
        SSOSNAP_TRY(file->commit());
    }
    return {};
}

// Swaps two paths atomically (Linux renameat2 RENAME_EXCHANGE), or renames when `to` is
// missing.
core::Result<void> swap_in(const fs::path& from, const fs::path& to)
{
    std::error_code ec;
    int rc = fs::exists(to, ec)
                 ? ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE)
                 : ::rename(from.c_str(), to.c_str());
    if (rc != 0) return core::fail(core::Errc::internal, "cannot swap in " + to.string());
    core::sync_directory(to.parent_path());
    return {};
}

}  // namespace

SnapshotStore::SnapshotStore(fs::path data_dir, AppIdentity identity)
    : m_data(std::move(data_dir)), m_identity(std::move(identity))
{
}

core::Result<void> SnapshotStore::init() const
{
    std::error_code ec;
    fs::create_directories(live_dir(), ec);
    if (!ec) fs::create_directories(snapshots_dir(), ec);
    if (ec) {
        return core::fail(core::Errc::input, "cannot create the data folder " +
                                                 core::quote(m_data.string()) + ": " +
                                                 ec.message());
    }
    return {};
}

metadata::SnapshotRecord SnapshotStore::record_of(const fs::path& path) const
{
    metadata::SnapshotRecord r;
    r.filename = path.filename().string();
    r.id = path.stem().string();
    r.readable = false;
    auto reader = archive::Reader::open_file(path);
    if (!reader) return r;
    std::vector<std::string_view> names;
    for (const auto& e : reader->entries())
        names.emplace_back(e.name);
    auto located = metadata::locate_metadata(
        names,
        [&](const std::string& name) -> std::optional<std::string> {
            auto i = reader->find(name);
            if (!i) return std::nullopt;
            auto data = reader->read(*i);
            return data ? std::optional<std::string>(std::move(*data)) : std::nullopt;
        },
        std::nullopt);
    if (!located.meta) return r;
    r.meta = *located.meta;
    r.readable = true;
    return r;
}

std::vector<metadata::SnapshotRecord> SnapshotStore::list() const
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(snapshots_dir(), ec)) {
        auto name = e.path().filename().string();
        if (e.is_regular_file() && !core::is_temp_name(name) && e.path().extension() == ".zip" &&
            metadata::parse_snapshot_name(name))
            files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<metadata::SnapshotRecord> out;
    out.reserve(files.size());
    for (const auto& f : files)
        out.push_back(record_of(f));
    return out;
}

std::optional<fs::path> SnapshotStore::archive_of(const std::string& id) const
{
    auto t = metadata::parse_snapshot_name(id);
    if (!t || metadata::snapshot_id(*t) != id) return std::nullopt;
    auto path = snapshots_dir() / metadata::snapshot_file_name(*t);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    return path;
}

core::Result<metadata::SnapshotRecord> SnapshotStore::create(const std::string& description,
                                                             std::int64_t now_millis) const
{
    auto wall = metadata::local_name_time(now_millis, m_identity.tz);
    if (!wall) return core::fail(wall.error());
    auto id = metadata::snapshot_id(*wall);
    auto path = snapshots_dir() / metadata::snapshot_file_name(*wall);
    std::error_code ec;
    if (fs::exists(path, ec))
        return core::fail(core::Errc::refused, "snapshot " + id + " exists", "name-taken");
    metadata::SnapshotMeta meta;
    meta.application_name = m_identity.app_name;
    meta.application_version = m_identity.app_version;
    meta.plugin_version = m_identity.plugin_version;
    meta.base_url = m_identity.base_url;
    meta.time_millis = now_millis;
    meta.description = description.empty() ? id : description;
    auto entries = live_entries(live_dir());
    if (!entries) return core::fail(entries.error());
    auto settings = core::read_file(m_data / "settings.json");
    entries->push_back({"settings.json", settings ? *settings : std::string("{}\n")});
    entries->push_back({"metadata.json", metadata::to_json(meta) + "\n"});
    archive::WriteOptions options;
    options.mtime_millis = now_millis;
    SSOSNAP_TRY(archive::write_archive(path, std::move(*entries), options));
    return record_of(path);
}

core::Result<void> SnapshotStore::restore(const std::string& id) const
{
    auto path = archive_of(id);
    if (!path) return core::fail(core::Errc::input, "no snapshot " + core::quote(id), "not-found");
    auto reader = archive::Reader::open_file(*path);
    if (!reader) return unreadable("snapshot " + id + " cannot be read: " + reader.error().message);
    if (core::has_errors(archive::lint_structure(*reader)))
        return unreadable("snapshot " + id + " has unsafe or broken entries");
    std::string pattern = (m_data / ".kerberos.restore-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        return core::fail(core::Errc::internal, "cannot create a staging folder");
    fs::path staging = pattern;
    auto extracted = extract_live(*reader, staging);
    std::optional<std::string> settings;
    if (auto i = reader->find("settings.json")) {
        auto data = reader->read(*i);
        if (data) settings = std::move(*data);
    }
    std::error_code ec;
    if (!extracted) {
        fs::remove_all(staging, ec);
        return core::fail(extracted.error());
    }
    auto swapped = swap_in(staging, live_dir());
    fs::remove_all(staging, ec);  // after the swap: the old live config
    SSOSNAP_TRY(std::move(swapped));
    if (settings) {
        SSOSNAP_TRY(
            core::write_file_atomic(m_data / "settings.json", *settings, core::FileMode::secret));
    }
    return {};
}

core::Result<metadata::SnapshotRecord>
SnapshotStore::check_upload(const fs::path& temp, const std::string& file_name) const
{
    auto t = metadata::parse_snapshot_name(file_name);
    if (!t || metadata::snapshot_file_name(*t) != file_name) {
        return core::fail(core::Errc::input,
                          "the file name must be sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip", "bad-name");
    }
    if (archive_of(metadata::snapshot_id(*t))) {
        return core::fail(core::Errc::input, "snapshot " + metadata::snapshot_id(*t) + " exists",
                          "exists");
    }
    auto record = record_of(temp);
    record.filename = file_name;
    record.id = metadata::snapshot_id(*t);
    if (!record.readable) return unreadable("the archive is not a readable snapshot");
    return record;
}

core::Result<bool> SnapshotStore::remove(const std::string& id) const
{
    auto path = archive_of(id);
    if (!path) return false;
    std::error_code ec;
    fs::remove(*path, ec);
    if (ec) return core::fail(core::Errc::internal, "cannot delete " + path->string());
    return true;
}

}  // namespace ssosnap::emulator
