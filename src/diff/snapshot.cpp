#include "diff/snapshot.hpp"

namespace ssosnap::diff
{

Snapshot snapshot_of(const archive::Reader& reader, const metadata::LocatedMeta& located,
                     std::string label)
{
    Snapshot s;
    s.label = std::move(label);
    s.meta = located.meta;
    bool from_entry = located.source == metadata::MetaSource::metadata_json ||
                      located.source == metadata::MetaSource::root_json;
    if (from_entry) s.meta_entry = located.entry;
    s.entries = reader.entries();
    s.read = [&reader](std::size_t position) { return reader.read(position); };
    return s;
}

}  // namespace ssosnap::diff
