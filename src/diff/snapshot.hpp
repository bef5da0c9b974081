#pragma once
// One side of a comparison: metadata, the central directory, and a way to inflate an entry.
// Injected rather than tied to a file so tests compare in-memory data through the same code
// (and can record which entries were inflated).

#include "archive/entry.hpp"
#include "archive/reader.hpp"
#include "core/result.hpp"
#include "metadata/locate.hpp"
#include "metadata/snapshot.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::diff
{

/// Inflates the entry at `position` in Snapshot::entries; fails like archive::Reader::read.
using EntryLoader = std::function<core::Result<std::string>(std::size_t position)>;

struct Snapshot {
    std::string label;                           ///< shown in reports (the file name)
    std::optional<metadata::SnapshotMeta> meta;  ///< absent when the archive has none
    /// The entry the metadata was read from ("metadata.json"); compared as metadata, not as
    /// an entry. Empty when the metadata came from elsewhere.
    std::string meta_entry;
    std::vector<archive::Entry> entries;  ///< central directory, any order
    EntryLoader read;
};

/// Returns a Snapshot reading from `reader` (which must outlive it) with the metadata
/// `located` found for it; the metadata entry (metadata.json or another root JSON) is
/// compared as metadata only.
Snapshot snapshot_of(const archive::Reader& reader, const metadata::LocatedMeta& located,
                     std::string label);

/// Succeeds when the entries of `reader` claim at most its limits' max_total_size bytes in
/// total (the reader checks each inflated entry against its claimed size, so the claim bounds
/// what a diff or textconv may inflate); otherwise fails with Errc::input, id
/// "limit-exceeded", naming --max-total-size; fails with id "overlapping-entries" when entries
/// share their data (the overlapped-file bomb, which defeats that bound). The reader itself only
/// reports this as a lint finding, so commands that inflate must call this before they start.
core::Result<void> check_total_size(const archive::Reader& reader);

}  // namespace ssosnap::diff
