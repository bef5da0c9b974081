#include "diff/meta_diff.hpp"

#include "metadata/local_time.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::diff
{
namespace
{

void add_unknown_fields(const std::string& extra_json, std::vector<MetaField>& out)
{
    try {
        auto extra = nlohmann::json::parse(extra_json);
        if (!extra.is_object()) return;
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            auto text = it->is_string()
                            ? it->get<std::string>()
                            : it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            out.push_back({it.key(), std::move(text), false});
        }
    } catch (const nlohmann::json::exception&) {
        out.push_back({"(unknown fields)", extra_json, false});
    }
}

const MetaField* find(const std::vector<MetaField>& fields, const std::string& name)
{
    for (const auto& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace

std::vector<MetaField> meta_fields(const std::optional<metadata::SnapshotMeta>& meta)
{
    if (!meta) {
        return {{"applicationName", "", true}, {"applicationVersion", "", true},
                {"pluginVersion", "", true},   {"baseUrl", "", true},
                {"timeMillis", "", false},     {"description", "", false}};
    }
    std::string time;
    if (meta->time_millis)
        time =
            std::to_string(*meta->time_millis) + " (" + metadata::utc_iso(*meta->time_millis) + ")";
    std::vector<MetaField> out = {{"applicationName", meta->application_name, true},
                                  {"applicationVersion", meta->application_version, true},
                                  {"pluginVersion", meta->plugin_version, true},
                                  {"baseUrl", meta->base_url, true},
                                  {"timeMillis", time, false},
                                  {"description", meta->description, false}};
    add_unknown_fields(meta->extra_json, out);
    return out;
}

std::vector<MetaChange> diff_metadata(const Snapshot& old_side, const Snapshot& new_side)
{
    auto a = meta_fields(old_side.meta);
    auto b = meta_fields(new_side.meta);
    std::vector<MetaChange> out;
    for (const auto& fa : a) {
        const MetaField* fb = find(b, fa.name);
        std::string other = fb ? fb->value : std::string();
        if (fa.value != other) out.push_back({fa.name, fa.value, other, fa.counts});
    }
    for (const auto& fb : b)
        if (!find(a, fb.name) && !fb.value.empty())
            out.push_back({fb.name, "", fb.value, fb.counts});
    if (old_side.label != new_side.label)
        out.push_back({"file", old_side.label, new_side.label, false});
    return out;
}

}  // namespace ssosnap::diff
