#include "metadata/snapshot.hpp"

#include "core/strings.hpp"
#include "metadata/file_name.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::metadata
{
namespace
{

using nlohmann::json;

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
// Bounds for timeMillis: year 1970 .. 9999 (anything else is corrupt, not a snapshot).
constexpr std::int64_t k_max_millis = 253402300799999;

core::Unexpected invalid(const std::string& what)
{
    return core::fail(core::Errc::input, "invalid metadata: " + what, "metadata-invalid");
}

core::Result<json> parse_object(std::string_view text)
{
    if (text.substr(0, k_bom.size()) == k_bom) text.remove_prefix(k_bom.size());
    // Printing or walking a value recurses per level: refuse hostile nesting up front.
    if (core::json_nesting_depth(text) > core::k_max_json_depth)
        return invalid("nested too deeply");
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return invalid("not valid JSON");
    if (!j.is_object()) return invalid("not a JSON object");
    return j;
}

core::Result<void> take_string(json& j, const char* key, std::string& out)
{
    auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_null()) {
        j.erase(it);
        return {};
    }
    if (!it->is_string()) return invalid(std::string("'") + key + "' is not a string");
    out = it->get<std::string>();
    j.erase(it);
    return {};
}

core::Result<SnapshotMeta> meta_from(json& j)
{
    SnapshotMeta m;
    SSOSNAP_TRY(take_string(j, "applicationName", m.application_name));
    SSOSNAP_TRY(take_string(j, "applicationVersion", m.application_version));
    SSOSNAP_TRY(take_string(j, "pluginVersion", m.plugin_version));
    SSOSNAP_TRY(take_string(j, "baseUrl", m.base_url));
    SSOSNAP_TRY(take_string(j, "description", m.description));
    if (auto it = j.find("timeMillis"); it != j.end()) {
        if (it->is_number_integer()) {
            auto v = it->get<std::int64_t>();
            if (it->is_number_unsigned() &&
                it->get<std::uint64_t>() > std::uint64_t(k_max_millis)) {
                return invalid("'timeMillis' out of range");
            }
            if (v < 0 || v > k_max_millis) return invalid("'timeMillis' out of range");
            m.time_millis = v;
        } else if (!it->is_null()) {
            return invalid("'timeMillis' is not an integer");
        }
        j.erase(it);
    }
    m.extra_json = j.dump();
    return m;
}

json meta_to(const SnapshotMeta& m)
{
    json j = json::object();
    j["applicationName"] = m.application_name;
    j["applicationVersion"] = m.application_version;
    j["pluginVersion"] = m.plugin_version;
    j["baseUrl"] = m.base_url;
    if (m.time_millis) j["timeMillis"] = *m.time_millis;
    j["description"] = m.description;
    json extra = json::parse(m.extra_json, nullptr, false);
    if (extra.is_object()) {
        for (auto& [k, v] : extra.items()) {
            if (!j.contains(k)) j[k] = v;
        }
    }
    return j;
}

}  // namespace

core::Result<SnapshotMeta> parse_snapshot_meta(std::string_view text)
{
    auto j = parse_object(text);
    if (!j) return core::fail(j.error());
    return meta_from(*j);
}

bool looks_like_snapshot_meta(std::string_view text)
{
    auto j = parse_object(text);
    return j && j->contains("applicationName") && j->contains("pluginVersion");
}

std::string to_json(const SnapshotMeta& meta, int indent)
{
    return meta_to(meta).dump(indent);
}

core::Result<SnapshotRecord> parse_snapshot_record(std::string_view text)
{
    auto j = parse_object(text);
    if (!j) return core::fail(j.error());
    SnapshotRecord r;
    SSOSNAP_TRY(take_string(*j, "filename", r.filename));
    SSOSNAP_TRY(take_string(*j, "id", r.id));
    if (auto it = j->find("readable"); it != j->end()) {
        if (!it->is_boolean()) return invalid("'readable' is not a boolean");
        r.readable = it->get<bool>();
        j->erase(it);
    }
    auto meta = meta_from(*j);
    if (!meta) return core::fail(meta.error());
    r.meta = std::move(*meta);
    if (r.id.empty() && r.filename.size() > 4) r.id = r.filename.substr(0, r.filename.size() - 4);
    return r;
}

namespace
{

core::Result<void> check_record_id(SnapshotRecord& r)
{
    // Ids become file names (backup, restore, --from-dir): a hostile server's "../x" or
    // "/etc/x" must never get that far, so only the documented form passes.
    if (!is_snapshot_id(r.id)) {
        return core::fail(core::Errc::remote,
                          "the server sent an unsafe snapshot id " + core::quote(r.id) +
                              " (only sso-snapshot-YYYY-MM-DD-HH_MM_SS is accepted)",
                          "bad-id");
    }
    if (r.filename.empty()) r.filename = r.id + ".zip";
    if (r.filename != r.id + ".zip") {
        return core::fail(core::Errc::remote,
                          "the server sent snapshot " + core::quote(r.id) + " with file name " +
                              core::quote(r.filename) + " (expected the id + \".zip\")",
                          "bad-id");
    }
    return {};
}

}  // namespace

core::Result<std::vector<SnapshotRecord>> parse_snapshot_list(std::string_view text)
{
    if (core::json_nesting_depth(text) > core::k_max_json_depth) {
        return core::fail(core::Errc::remote, "snapshot list is nested too deeply", "bad-response");
    }
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
        return core::fail(core::Errc::remote, "snapshot list is not a JSON array", "bad-response");
    }
    std::vector<SnapshotRecord> out;
    for (const auto& item : j) {
        auto r = parse_snapshot_record(item.dump());
        if (!r)
            return core::fail(core::Errc::remote, "snapshot list: " + r.error().message,
                              "bad-response");
        if (auto ok = check_record_id(*r); !ok) {
            auto e = ok.error();
            e.message = "snapshot list: " + e.message;
            return core::fail(e);
        }
        out.push_back(std::move(*r));
    }
    return out;
}

std::string to_json(const SnapshotRecord& record, int indent)
{
    json j = meta_to(record.meta);
    j["filename"] = record.filename;
    j["id"] = record.id;
    j["readable"] = record.readable;
    return j.dump(indent);
}

}  // namespace ssosnap::metadata
