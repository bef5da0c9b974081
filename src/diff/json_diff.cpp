#include "diff/json_diff.hpp"

#include "archive/classify.hpp"
#include "core/strings.hpp"
#include "diff/redact.hpp"
#include "diff/sequence.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

namespace ssosnap::diff
{
namespace
{

using nlohmann::json;

constexpr std::array<const char*, 5> k_identity_keys = {"id", "name", "entityId", "key", "alias"};

std::string dump(const json& v)
{
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

constexpr std::array<std::string_view, 9> k_naming_members = {
    "name", "key", "property", "param", "id", "field", "attribute", "variable", "option"};
constexpr std::array<std::string_view, 8> k_value_members = {
    "value", "val", "values", "data", "content", "default", "defaultValue", "text"};

bool is_one_of(const std::string& key, const auto& list)
{
    return std::find(list.begin(), list.end(), key) != list.end();
}

// An object like {"name": "bindPassword", "value": "..."}: its value members are secret.
bool names_a_secret(const json& object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (is_one_of(it.key(), k_naming_members) && it->is_string() &&
            archive::is_secret_key(it->get_ref<const std::string&>()))
            return true;
    }
    return false;
}

// Redacts `v` in place. `secret`: v sits under a secret key, so every string and number in
// it is a secret (booleans, null and the shape stay visible: "apiTokens": {"enabled": true}).
void redact(json& v, const Redactor& redactor, bool secret)
{
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        v = secret ? redactor.redaction(s) : redactor.redact_value(s);
    } else if (v.is_number()) {
        if (secret) v = redactor.redaction(dump(v));
    } else if (v.is_object()) {
        const bool pair = names_a_secret(v);
        for (auto it = v.begin(); it != v.end(); ++it) {
            bool inner = secret || archive::is_secret_key(it.key()) ||
                         (pair && is_one_of(it.key(), k_value_members));
            redact(it.value(), redactor, inner);
        }
    } else if (v.is_array()) {
        for (auto& element : v)
            redact(element, redactor, secret);
    }
}

core::Result<json> parse(std::string_view text, const Redactor& redactor)
{
    // Walking and printing a value recurses per level: refuse hostile nesting up front.
    if (core::json_nesting_depth(text) > core::k_max_json_depth)
        return core::fail(core::Errc::input, "not usable JSON: nested too deeply", "json-invalid");
    try {
        auto v = json::parse(text, nullptr, true, /*ignore_comments=*/true);
        if (!redactor.reveals()) redact(v, redactor, false);
        return v;
    } catch (const json::exception& e) {
        return core::fail(core::Errc::input, std::string("not valid JSON: ") + e.what(),
                          "json-invalid");
    }
}

// Returns the first identity key every element of both arrays carries with unique values.
std::optional<std::string> identity_key(const json& a, const json& b)
{
    if (a.empty() && b.empty()) return std::nullopt;
    for (const char* key : k_identity_keys) {
        auto usable = [key](const json& arr) {
            std::map<std::string, int> seen;
            for (const auto& e : arr) {
                if (!e.is_object() || !e.contains(key)) return false;
                if (++seen[dump(e.at(key))] > 1) return false;
            }
            return true;
        };
        if (usable(a) && usable(b)) return std::string(key);
    }
    return std::nullopt;
}

class JsonDiffer
{
public:
    std::vector<JsonChange> changes;

    void value(const json& a, const json& b, const std::string& path, const std::string& who)
    {
        if (a == b) return;
        if (a.is_object() && b.is_object()) return object(a, b, path, who);
        if (a.is_array() && b.is_array()) return array(a, b, path, who);
        changes.push_back({ChangeOp::replace, path, dump(a), dump(b), who});
    }

private:
    void object(const json& a, const json& b, const std::string& path, const std::string& who)
    {
        auto ia = a.begin();
        auto ib = b.begin();
        while (ia != a.end() || ib != b.end()) {
            int order = ia == a.end() ? 1 : ib == b.end() ? -1 : ia.key().compare(ib.key());
            if (order < 0) {
                changes.push_back(
                    {ChangeOp::remove, path + "/" + pointer_escape(ia.key()), dump(*ia), {}, who});
                ++ia;
            } else if (order > 0) {
                changes.push_back(
                    {ChangeOp::add, path + "/" + pointer_escape(ib.key()), {}, dump(*ib), who});
                ++ib;
            } else {
                value(*ia, *ib, path + "/" + pointer_escape(ia.key()), who);
                ++ia;
                ++ib;
            }
        }
    }

    void array(const json& a, const json& b, const std::string& path, const std::string& who)
    {
        auto key = identity_key(a, b);
        std::unordered_map<std::string, std::uint32_t> ids;
        auto intern = [&](const json& arr) {
            std::vector<std::uint32_t> out;
            for (const auto& e : arr) {
                auto text = key ? dump(e.at(*key)) : dump(e);
                out.push_back(
                    ids.try_emplace(std::move(text), static_cast<std::uint32_t>(ids.size()))
                        .first->second);
            }
            return out;
        };
        auto runs = diff_sequences(intern(a), intern(b));
        auto label = [&](const json& e) { return key ? *key + "=" + dump(e.at(*key)) : who; };
        auto at = [&](std::size_t index) { return path + "/" + std::to_string(index); };
        // Applying changes in order, the array is new[0, j) + old[i, end): the element being
        // looked at always sits at index j, the new side's cursor.
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const Run& run = runs[r];
            std::size_t i = run.old_start;
            std::size_t j = run.new_start;
            if (run.kind == RunKind::equal) {
                if (key)
                    for (std::size_t k = 0; k < run.count; ++k)
                        value(a[i + k], b[j + k], at(j + k), label(b[j + k]));
                continue;
            }
            std::size_t paired = 0;
            if (!key && run.kind == RunKind::remove && r + 1 < runs.size() &&
                runs[r + 1].kind == RunKind::insert) {
                paired = std::min(run.count, runs[r + 1].count);
                for (std::size_t k = 0; k < paired; ++k)
                    value(a[i + k], b[j + k], at(j + k), who);
            }
            for (std::size_t k = paired; k < run.count; ++k) {
                if (run.kind == RunKind::remove)
                    changes.push_back(
                        {ChangeOp::remove, at(j + paired), dump(a[i + k]), {}, label(a[i + k])});
                else
                    changes.push_back(
                        {ChangeOp::add, at(j + k), {}, dump(b[j + k]), label(b[j + k])});
            }
            if (paired > 0) {  // the insert run was partly consumed by the pairing
                const Run& ins = runs[++r];
                for (std::size_t k = paired; k < ins.count; ++k)
                    changes.push_back({ChangeOp::add,
                                       at(ins.new_start + k),
                                       {},
                                       dump(b[ins.new_start + k]),
                                       who});
            }
        }
    }
};

}  // namespace

std::string pointer_escape(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

core::Result<std::vector<JsonChange>> diff_json(std::string_view old_text,
                                                std::string_view new_text, const Redactor& redactor)
{
    auto a = parse(old_text, redactor);
    if (!a) return core::fail(a.error().with_context("old side"));
    auto b = parse(new_text, redactor);
    if (!b) return core::fail(b.error().with_context("new side"));
    JsonDiffer differ;
    differ.value(*a, *b, "", "");
    return std::move(differ.changes);
}

core::Result<std::string> canonical_json(std::string_view text, const Redactor& redactor)
{
    auto v = parse(text, redactor);
    if (!v) return core::fail(v.error());
    return v->dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace ssosnap::diff
