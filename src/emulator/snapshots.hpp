#pragma once
// The emulated application home: live config files in kerberos/, snapshot archives in
// kerberos_snapshots/, general settings (the product database's part of a snapshot) in
// settings.json. Snapshots are zips of metadata.json + settings.json + kerberos/...,
// named after the server-local time. Not thread-safe: the server serialises access.

#include "core/result.hpp"
#include "metadata/snapshot.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::emulator
{

/// What the emulated server says about itself in every snapshot it takes.
struct AppIdentity {
    std::string app_name;
    std::string app_version;
    std::string plugin_version;
    std::string base_url;
    std::optional<std::string> tz;  ///< zone of the file names; nullopt: the system's
};

class SnapshotStore
{
public:
    SnapshotStore(std::filesystem::path data_dir, AppIdentity identity);

    /// Creates kerberos/ and kerberos_snapshots/ when missing. Fails with Errc::input.
    core::Result<void> init() const;

    std::filesystem::path live_dir() const { return m_data / "kerberos"; }
    std::filesystem::path snapshots_dir() const { return m_data / "kerberos_snapshots"; }

    /// Every archive whose name follows the grammar, oldest first; unreadable ones have
    /// readable=false and no metadata.
    std::vector<metadata::SnapshotRecord> list() const;

    /// The record of one archive file (readable=false when it cannot be read).
    metadata::SnapshotRecord record_of(const std::filesystem::path& archive) const;

    /// Zips the live config as a new snapshot taken at `now_millis`; an empty description
    /// becomes the new id. Two snapshots never share a name: the caller retries with a later
    /// time when this fails with id "name-taken".
    core::Result<metadata::SnapshotRecord> create(const std::string& description,
                                                  std::int64_t now_millis) const;

    /// Replaces the live config (kerberos/ and settings.json) with the archive's: extracted
    /// into a staging folder, then swapped in with one atomic rename. Fails with id
    /// "not-found" for an unknown id, "unreadable" for an archive that cannot be restored.
    core::Result<void> restore(const std::string& id) const;

    /// The archive of `id` when it exists (ids that are not snapshot names never match).
    std::optional<std::filesystem::path> archive_of(const std::string& id) const;

    /// Checks a received upload (the complete temporary file) before it is put in place:
    /// "bad-name" when `file_name` breaks the grammar, "exists" when that id is taken,
    /// "unreadable" when it is not a readable snapshot.
    core::Result<metadata::SnapshotRecord> check_upload(const std::filesystem::path& temp,
                                                        const std::string& file_name) const;

    /// Deletes the archive of `id`; false when there is none.
    core::Result<bool> remove(const std::string& id) const;

private:
    std::filesystem::path m_data;
    AppIdentity m_identity;
};

}  // namespace ssosnap::emulator
