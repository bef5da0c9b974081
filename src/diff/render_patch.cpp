#include "diff/render.hpp"
#include "diff/render_json_value.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::diff
{
namespace
{

using detail::value_of;
using nlohmann::json;

// RFC 6902 operations; the report's paths are already valid when applied in order.
json patch_of(const EntryDiff& e)
{
    json ops = json::array();
    for (const auto& c : e.json) {
        json op = {{"op", op_name(c.op)}, {"path", c.path}};
        if (c.op != ChangeOp::remove) op["value"] = value_of(c.new_value);
        ops.push_back(std::move(op));
    }
    return ops;
}

}  // namespace

std::string render_patch(const DiffReport& report)
{
    json doc;
    doc["format"] = "rfc6902";
    doc["same"] = !report.differs();
    doc["patches"] = json::array();
    doc["other"] = json::array();
    for (const auto& e : report.entries) {
        if (e.status == EntryStatus::modified && e.detail == Detail::json) {
            doc["patches"].push_back({{"entry", e.name}, {"patch", patch_of(e)}});
            continue;
        }
        doc["other"].push_back({{"entry", e.name},
                                {"status", status_name(e.status)},
                                {"kind", archive::kind_name(e.kind)},
                                {"detail", detail_name(e.detail)}});
    }
    doc["metadata"] = json::array();
    for (const auto& m : report.metadata)
        doc["metadata"].push_back(
            {{"field", m.field}, {"old", m.old_value}, {"new", m.new_value}, {"counts", m.counts}});
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ssosnap::diff
