#include "diff/render.hpp"
#include "diff/render_json_value.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::diff
{
namespace
{

using detail::value_of;
using nlohmann::json;

json optional_text(const std::optional<std::string>& value)
{
    return value ? json(*value) : json(nullptr);
}

json json_change(const JsonChange& c)
{
    json j = {{"op", op_name(c.op)}, {"path", c.path}};
    if (c.op != ChangeOp::add) j["old"] = value_of(c.old_value);
    if (c.op != ChangeOp::remove) j["new"] = value_of(c.new_value);
    if (!c.identity.empty()) j["identity"] = c.identity;
    return j;
}

json hunk(const Hunk& h)
{
    json lines = json::array();
    for (const auto& l : h.lines)
        lines.push_back(std::string(1, l.op) + l.text);
    return {{"old_start", h.old_start},
            {"old_count", h.old_count},
            {"new_start", h.new_start},
            {"new_count", h.new_count},
            {"lines", std::move(lines)}};
}

json entry(const EntryDiff& e)
{
    json j = {{"name", e.name},
              {"status", status_name(e.status)},
              {"kind", archive::kind_name(e.kind)},
              {"secret", e.secret},
              {"detail", detail_name(e.detail)}};
    j["old_size"] = e.old_size ? json(*e.old_size) : json(nullptr);
    j["new_size"] = e.new_size ? json(*e.new_size) : json(nullptr);
    if (!e.old_fingerprint.empty()) j["old_fingerprint"] = e.old_fingerprint;
    if (!e.new_fingerprint.empty()) j["new_fingerprint"] = e.new_fingerprint;
    if (e.status == EntryStatus::modified) j["layout_only"] = e.layout_only;
    if (e.detail == Detail::json) {
        j["changes"] = json::array();
        for (const auto& c : e.json)
            j["changes"].push_back(json_change(c));
    } else if (e.detail == Detail::properties) {
        j["properties"] = json::array();
        for (const auto& p : e.properties)
            j["properties"].push_back({{"key", p.key},
                                       {"old", optional_text(p.old_value)},
                                       {"new", optional_text(p.new_value)}});
    } else if (e.detail == Detail::text) {
        j["hunks"] = json::array();
        for (const auto& h : e.hunks)
            j["hunks"].push_back(hunk(h));
    }
    return j;
}

}  // namespace

std::string render_json(const DiffReport& report, const RenderOptions& options)
{
    json doc;
    doc["same"] = !report.differs();
    doc["old"] = {{"file", report.old_label}};
    doc["new"] = {{"file", report.new_label}};
    doc["metadata"] = json::array();
    for (const auto& m : report.metadata)
        doc["metadata"].push_back(
            {{"field", m.field}, {"old", m.old_value}, {"new", m.new_value}, {"counts", m.counts}});
    doc["entries"] = json::array();
    for (const auto& e : report.entries) {
        if (options.brief)
            doc["entries"].push_back({{"name", e.name}, {"status", status_name(e.status)}});
        else
            doc["entries"].push_back(entry(e));
    }
    doc["summary"] = {{"added", report.count(EntryStatus::added)},
                      {"removed", report.count(EntryStatus::removed)},
                      {"modified", report.count(EntryStatus::modified)},
                      {"unchanged", report.unchanged},
                      {"crc_shortcuts", report.crc_shortcuts},
                      {"ignored", report.ignored},
                      {"metadata_counted", report.counting_metadata()}};
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ssosnap::diff
