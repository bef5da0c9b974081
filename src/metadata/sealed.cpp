#include "metadata/sealed.hpp"

#include "core/strings.hpp"

#include <nlohmann/json.hpp>

namespace ssosnap::metadata
{
namespace
{

using nlohmann::json;

core::Unexpected invalid(const std::string& what)
{
    return core::fail(core::Errc::input, "invalid encrypted-archive sidecar: " + what,
                      "sealed-invalid");
}

}  // namespace

std::string to_json(const SealedMeta& sealed, int indent)
{
    json j = json::object();
    j["format"] = k_sealed_format;
    j["archive"] = sealed.archive;
    j["sha256"] = sealed.sha256;
    j["bytes"] = sealed.bytes;
    j["entries"] = sealed.entries;
    if (sealed.meta) {
        SnapshotMeta known = *sealed.meta;
        known.extra_json = "{}";  // only the known, non-secret fields leave the ciphertext
        j["metadata"] = json::parse(to_json(known, -1));
    }
    return j.dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

core::Result<SealedMeta> parse_sealed_meta(std::string_view text)
{
    if (core::json_nesting_depth(text) > core::k_max_json_depth)
        return invalid("nested too deeply");
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return invalid("not a JSON object");
    auto fmt = j.find("format");
    if (fmt == j.end() || !fmt->is_string() || fmt->get<std::string>() != k_sealed_format)
        return invalid("'format' is not " + std::string(k_sealed_format));
    SealedMeta s;
    auto str = [&j](const char* key, std::string& out) -> bool {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    auto num = [&j](const char* key, std::uint64_t& out) -> bool {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_unsigned()) return false;
        out = it->get<std::uint64_t>();
        return true;
    };
    if (!str("archive", s.archive)) return invalid("'archive' is not a string");
    if (!str("sha256", s.sha256) || s.sha256.size() != 64)
        return invalid("'sha256' is not a hex digest");
    if (!num("bytes", s.bytes)) return invalid("'bytes' is not a count");
    if (!num("entries", s.entries)) return invalid("'entries' is not a count");
    if (auto it = j.find("metadata"); it != j.end() && !it->is_null()) {
        auto meta = parse_snapshot_meta(it->dump());
        if (!meta) return core::fail(meta.error());
        s.meta = std::move(*meta);
    }
    return s;
}

}  // namespace ssosnap::metadata
