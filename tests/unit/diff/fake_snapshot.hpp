#pragma once
// In-memory snapshots for diff tests: entries from name → bytes, with real CRC-32 values,
// and a loader that records which entries were inflated (ninja-style fake).

#include "crc32.hpp"

#include "diff/snapshot.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ssosnap::diff::test
{

using ssosnap::test_support::crc32_of;

struct FakeSnapshot {
    Snapshot snapshot;
    std::shared_ptr<std::vector<std::string>> reads = std::make_shared<std::vector<std::string>>();
};

inline metadata::SnapshotMeta jira_meta()
{
    metadata::SnapshotMeta m;
    m.application_name = "JIRA";
    m.application_version = "9.12.0";
    m.plugin_version = "6.1.0";
    m.base_url = "https://jira.example.test";
    m.time_millis = 1641298623998;
    m.description = "nightly";
    return m;
}

/// A snapshot named `label` holding `files`, with metadata `meta`.
inline FakeSnapshot make_snapshot(const std::string& label,
                                  const std::map<std::string, std::string>& files,
                                  std::optional<metadata::SnapshotMeta> meta = jira_meta())
{
    FakeSnapshot fake;
    fake.snapshot.label = label;
    fake.snapshot.meta = std::move(meta);
    auto contents = std::make_shared<std::vector<std::string>>();
    for (const auto& [name, data] : files) {
        archive::Entry e;
        e.name = name;
        e.index = fake.snapshot.entries.size();
        e.size = data.size();
        e.crc32 = crc32_of(data);
        e.is_directory = !name.empty() && name.back() == '/';
        fake.snapshot.entries.push_back(e);
        contents->push_back(data);
    }
    auto reads = fake.reads;
    auto names = fake.snapshot.entries;
    fake.snapshot.read = [contents, reads, names](std::size_t i) -> core::Result<std::string> {
        reads->push_back(names.at(i).name);
        return contents->at(i);
    };
    return fake;
}

}  // namespace ssosnap::diff::test
