#pragma once
// The snapshot record: the metadata the Kantega server reports for each archive and that
// this project stores as metadata.json inside the archives it writes.

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::metadata
{

/// Metadata of one snapshot. Field names follow the REST list (applicationName, ...).
struct SnapshotMeta {
    std::string application_name;     ///< "JIRA", "CONFLUENCE", ...
    std::string application_version;  ///< product version, Maven syntax
    std::string plugin_version;       ///< Kantega SSO app version, Maven syntax
    std::string base_url;
    std::optional<std::int64_t> time_millis;  // epoch ms, UTC
    std::string description;
    /// Unknown fields, kept verbatim as one JSON object text ("{}" when none), so a read and
    /// write round trip loses nothing.
    std::string extra_json = "{}";
};

/// One element of the REST snapshot list: the metadata plus the server's own fields.
struct SnapshotRecord {
    SnapshotMeta meta;
    std::string filename;  ///< "sso-snapshot-2022-01-04-13_17_04.zip"
    std::string id;        ///< filename without ".zip"
    bool readable = true;  ///< undocumented; false = the server could not read the archive
};

/// Parses a metadata JSON object. Fails (Errc::input, id "metadata-invalid") when the text
/// is not a JSON object, a known field has the wrong type, or timeMillis is out of range.
/// A leading UTF-8 BOM is accepted.
core::Result<SnapshotMeta> parse_snapshot_meta(std::string_view json);

/// Returns true when `json` is an object holding both applicationName and pluginVersion.
bool looks_like_snapshot_meta(std::string_view json);

/// Serialises metadata as a JSON object (known fields first, then the kept unknown ones).
/// indent < 0 gives one line.
std::string to_json(const SnapshotMeta& meta, int indent = 2);

/// Parses one record of the REST list (the metadata fields plus filename/id/readable).
core::Result<SnapshotRecord> parse_snapshot_record(std::string_view json);

/// Parses the REST list: a JSON array of records. Fails with Errc::remote: id "bad-response"
/// on a malformed body (or one nested deeper than core::k_max_json_depth), id "bad-id" when a
/// record's id is not exactly sso-snapshot-YYYY-MM-DD-HH_MM_SS or its filename is not the id
/// + ".zip" (a missing filename is filled in). One bad record fails the whole list.
core::Result<std::vector<SnapshotRecord>> parse_snapshot_list(std::string_view json);

/// Serialises a record exactly in the server's shape.
std::string to_json(const SnapshotRecord& record, int indent = 2);

}  // namespace ssosnap::metadata
