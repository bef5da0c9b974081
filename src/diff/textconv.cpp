#include "diff/textconv.hpp"

#include "archive/classify.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "diff/json_diff.hpp"
#include "diff/meta_diff.hpp"
#include "diff/properties.hpp"
#include "diff/redact.hpp"

#include <algorithm>
#include <map>

namespace ssosnap::diff
{
namespace
{

using archive::EntryKind;

void append_metadata(const Snapshot& s, std::string& out)
{
    out += "# ssosnap textconv (format 1)\n";
    out += s.meta ? "metadata:\n" : "metadata: none found\n";
    if (!s.meta) return;
    for (const auto& f : meta_fields(s.meta))
        out += "  " + f.name + ": " + f.value + "\n";
}

// The body of one entry in canonical form (always ending with a newline).
std::string body(const std::string& name, const std::string& bytes, EntryKind kind,
                 const Redactor& redactor, bool& secret)
{
    bool redact = !redactor.reveals();
    bool textual = kind == EntryKind::json || kind == EntryKind::xml ||
                   kind == EntryKind::properties || kind == EntryKind::text;
    secret = is_secret_file(name, kind, bytes);
    if (secret && redact) return redactor.redaction(bytes) + "\n";
    if (!textual) return core::fingerprint(bytes) + "\n";
    if (kind == EntryKind::json) {
        auto pretty = canonical_json(bytes, redactor);
        if (pretty) return *pretty + "\n";
    }
    if (kind == EntryKind::properties) return canonical_properties(bytes, redactor);
    std::string text = redactor.redact_text(bytes);
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text;
}

}  // namespace

core::Result<std::string> textconv(const Snapshot& snapshot, const Redactor& redactor)
{
    std::string out;
    append_metadata(snapshot, out);
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < snapshot.entries.size(); ++i) {
        const auto& e = snapshot.entries[i];
        if (e.is_directory || e.name == snapshot.meta_entry) continue;
        order.try_emplace(e.name, i);
    }
    for (const auto& [name, position] : order) {
        auto bytes = snapshot.read(position).with_context("reading " + core::quote(name));
        if (!bytes) return core::fail(bytes.error());
        auto kind = archive::classify(name, *bytes);
        bool secret = false;
        std::string text = body(name, *bytes, kind, redactor, secret);
        // Sizes only where the fingerprint alone says little; a reformatted JSON must give the
        // same text.
        bool opaque = secret || kind == archive::EntryKind::binary;
        out += "\n=== " + name + " (" + archive::kind_name(kind) + (secret ? ", secret" : "") +
               (opaque ? ", " + std::to_string(bytes->size()) + " bytes" : "") + ")\n";
        out += text;
    }
    return out;
}

}  // namespace ssosnap::diff
