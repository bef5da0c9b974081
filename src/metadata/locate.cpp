#include "metadata/locate.hpp"

#include <algorithm>

namespace ssosnap::metadata
{
namespace
{

bool is_root_json(std::string_view name)
{
    return name.find('/') == std::string_view::npos && name.find('\\') == std::string_view::npos &&
           name.size() > 5 && name.ends_with(".json");
}

core::Finding invalid_finding(const std::string& path, const std::string& message)
{
    return {core::Severity::error, "metadata-invalid", path, message};
}

}  // namespace

const char* meta_source_name(MetaSource source)
{
    switch (source) {
    case MetaSource::metadata_json:
        return "metadata.json";
    case MetaSource::root_json:
        return "root-json";
    case MetaSource::sidecar:
        return "sidecar";
    case MetaSource::file_name:
        return "file-name";
    }
    return "file-name";
}

LocatedMeta locate_metadata(std::span<const std::string_view> entry_names, const EntryReader& read,
                            const std::optional<std::string>& sidecar_json, std::size_t max_bytes)
{
    LocatedMeta out;
    std::vector<std::string> candidates;
    for (const auto& n : entry_names) {
        if (is_root_json(n) && n != "metadata.json") candidates.emplace_back(n);
    }
    std::sort(candidates.begin(), candidates.end());
    if (std::find(entry_names.begin(), entry_names.end(), "metadata.json") != entry_names.end()) {
        auto text = read("metadata.json");
        out.source = MetaSource::metadata_json;
        out.entry = "metadata.json";
        if (!text) {
            out.findings.push_back(
                invalid_finding("metadata.json", "metadata.json cannot be read"));
            return out;
        }
        if (text->size() > max_bytes) {
            out.findings.push_back(
                invalid_finding("metadata.json", "metadata.json is larger than " +
                                                     std::to_string(max_bytes) + " bytes"));
            return out;
        }
        auto meta = parse_snapshot_meta(*text);
        if (!meta) {
            out.findings.push_back(invalid_finding("metadata.json", meta.error().message));
            return out;
        }
        out.meta = std::move(*meta);
        return out;
    }
    for (const auto& name : candidates) {
        auto text = read(name);
        if (!text || text->size() > max_bytes || !looks_like_snapshot_meta(*text)) continue;
        auto meta = parse_snapshot_meta(*text);
        out.source = MetaSource::root_json;
        out.entry = name;
        if (!meta) {
            out.findings.push_back(invalid_finding(name, meta.error().message));
            return out;
        }
        out.meta = std::move(*meta);
        return out;
    }
    if (sidecar_json) {
        out.source = MetaSource::sidecar;
        out.entry = "<sidecar>";
        auto rec = parse_snapshot_record(*sidecar_json);
        if (!rec) {
            out.findings.push_back(invalid_finding("", "sidecar: " + rec.error().message));
            return out;
        }
        out.meta = std::move(rec->meta);
        return out;
    }
    out.source = MetaSource::file_name;
    out.findings.push_back({core::Severity::warning, "metadata-missing", "",
                            "no metadata found: only the time in the file name is known"});
    return out;
}

}  // namespace ssosnap::metadata
