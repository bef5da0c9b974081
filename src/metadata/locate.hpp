#pragma once
// Finding the metadata of an archive this project may not have written, in the documented
// order: root metadata.json; another root-level JSON object with applicationName and
// pluginVersion; a sidecar "<archive>.json"; else the file name alone.

#include "core/finding.hpp"
#include "metadata/snapshot.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::metadata
{

enum class MetaSource { metadata_json, root_json, sidecar, file_name };

/// Returns "metadata.json", "root-json", "sidecar" or "file-name".
const char* meta_source_name(MetaSource source);

/// Reads an entry's bytes by name; nullopt if it cannot be read.
using EntryReader = std::function<std::optional<std::string>(const std::string& name)>;

struct LocatedMeta {
    MetaSource source = MetaSource::file_name;
    std::string entry;                    ///< the entry (or sidecar file) the metadata came from
    std::optional<SnapshotMeta> meta;     ///< absent when only the file name is known
    std::vector<core::Finding> findings;  ///< metadata-missing / metadata-invalid
};

/// Locates metadata. `entry_names` are the archive's entry names; only root-level names
/// ending in ".json" are read (metadata.json first, then the others in name order, each at
/// most `max_bytes`). `sidecar_json` is the text of "<archive>.json" when one exists.
/// Never fails: problems become findings.
LocatedMeta locate_metadata(std::span<const std::string_view> entry_names, const EntryReader& read,
                            const std::optional<std::string>& sidecar_json,
                            std::size_t max_bytes = 1 << 20);

}  // namespace ssosnap::metadata
