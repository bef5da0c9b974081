// Listing a backup folder: the rows `ls` shows and `log` walks.
#include "workflow/snapshot_folder.hpp"

#include "core/files.hpp"
#include "core/strings.hpp"
#include "metadata/time_check.hpp"

#include <algorithm>

namespace ssosnap::workflow
{
namespace
{

namespace fs = std::filesystem;

core::Result<std::vector<fs::path>> zip_files(const fs::path& dir)
{
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        return core::fail(core::Errc::input,
                          "reading folder '" + dir.string() + "': " + ec.message(), "unreadable");
    }
    std::vector<fs::path> out;
    for (const auto& e : it) {
        const auto name = e.path().filename().string();
        const bool zip = (name.size() > 4 && core::iequals(name.substr(name.size() - 4), ".zip")) ||
                         has_encrypted_name(e.path());
        if (zip && !core::is_temp_name(name) && e.is_regular_file(ec)) out.push_back(e.path());
    }
    return out;
}

}  // namespace

void set_sort_key(ListedArchive& row)
{
    if (row.meta && row.meta->time_millis)
        row.sort_key = row.meta->time_millis;
    else if (row.name_time)
        row.sort_key = metadata::name_time_as_utc_millis(*row.name_time);
}

namespace
{

// An encrypted archive: its readable record NAME.zip.age.json, never its ciphertext.
ListedArchive load_sealed_row(ListedArchive row, SidecarCheck check)
{
    auto sealed = load_sealed(row.path, check);
    if (!sealed) {
        row.state = "unreadable";
        row.error = sealed.error().message;
    } else {
        row.meta = sealed->sealed.meta;
        row.meta_source = "sealed";
        row.sha256 = sealed->sha256;
        if (sealed->sha256 == SidecarState::mismatch) row.state = "sidecar-mismatch";
    }
    set_sort_key(row);
    return row;
}

}  // namespace

ListedArchive list_snapshot_file(const fs::path& path, SidecarCheck check)
{
    ListedArchive row;
    row.path = path;
    std::error_code ec;
    row.size = fs::file_size(path, ec);
    row.name_time = metadata::parse_snapshot_name(plain_file_name(path));
    if (has_encrypted_name(path)) return load_sealed_row(std::move(row), check);
    auto snap = load_snapshot(path, {}, check);
    if (!snap) {
        row.state = "unreadable";
        row.error = snap.error().message;
    } else {
        row.meta = snap->located.meta;
        row.meta_source = metadata::meta_source_name(snap->located.source);
        row.sha256 = snap->sha256;
        if (snap->sha256 == SidecarState::mismatch)
            row.state = "sidecar-mismatch";
        else if (!row.meta && !row.name_time)
            row.state = "foreign";
    }
    set_sort_key(row);
    return row;
}

core::Result<std::vector<ListedArchive>> list_snapshot_folder(const fs::path& dir,
                                                              SidecarCheck check)
{
    auto files = zip_files(dir);
    if (!files) return core::fail(files.error());
    std::vector<ListedArchive> rows;
    rows.reserve(files->size());
    for (const auto& f : *files)
        rows.push_back(list_snapshot_file(f, check));
    sort_listed(rows);
    return rows;
}

void sort_listed(std::vector<ListedArchive>& rows)
{
    std::sort(rows.begin(), rows.end(), [](const ListedArchive& a, const ListedArchive& b) {
        if (a.sort_key.has_value() != b.sort_key.has_value()) return a.sort_key.has_value();
        if (a.sort_key && *a.sort_key != *b.sort_key) return *a.sort_key < *b.sort_key;
        return a.path.filename() < b.path.filename();
    });
}

}  // namespace ssosnap::workflow
