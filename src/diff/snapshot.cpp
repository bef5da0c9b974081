#include "diff/snapshot.hpp"

#include "core/strings.hpp"

#include <cstdint>
#include <string>

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

core::Result<void> check_total_size(const archive::Reader& reader)
{
    std::uint64_t total = 0;
    for (const auto& e : reader.entries())
        total += e.size;
    const auto limit = reader.limits().max_total_size;
    // Entries sharing their data (the overlapped-file bomb) make every claim small while the
    // sum inflates without bound: the claims only bound the work when no data is shared.
    for (const auto& f : reader.structural_findings()) {
        if (f.code == "overlapping-entries")
            return core::fail(core::Errc::input,
                              core::quote(f.path) + ": " + f.message +
                                  " (entries share data: refusing to inflate them)",
                              "overlapping-entries");
    }
    if (total <= limit) return {};
    return core::fail(core::Errc::input,
                      "entries claim " + std::to_string(total) +
                          " bytes in total, above the limit of " + std::to_string(limit) +
                          " (--max-total-size)",
                      "limit-exceeded");
}

}  // namespace ssosnap::diff
