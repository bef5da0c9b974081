#pragma once
// Metadata comparison. Product (applicationName), applicationVersion, pluginVersion and
// baseUrl make two snapshots different; timeMillis, description, the file name and unknown
// fields are shown but do not count.

#include "diff/report.hpp"
#include "diff/snapshot.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ssosnap::diff
{

/// One metadata field for display.
struct MetaField {
    std::string name;   ///< "applicationName", ..., or an unknown field's key
    std::string value;  ///< text form; empty when absent ("timeMillis" adds its UTC time)
    bool counts = false;
};

/// Returns the fields of `meta` in a fixed order: applicationName, applicationVersion,
/// pluginVersion, baseUrl (these count), timeMillis, description, then unknown fields in key
/// order (values as compact JSON). An absent `meta` gives the first six, empty.
std::vector<MetaField> meta_fields(const std::optional<metadata::SnapshotMeta>& meta);

/// Returns the fields whose values differ, in meta_fields order, then "file" when the
/// labels differ.
std::vector<MetaChange> diff_metadata(const Snapshot& old_side, const Snapshot& new_side);

}  // namespace ssosnap::diff
