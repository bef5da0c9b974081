#pragma once
// The result of comparing two snapshots, as plain data (bloaty / zipcmp style): comparing
// fills a DiffReport, renderers (render.hpp) turn it into text, JSON or JSON Patch. Secret
// values are already replaced by "<redacted hmac:xxxxxxxxxxxx>" in this data unless the
// comparison was asked to reveal them (redact.hpp), so no renderer can leak one.

#include "archive/entry.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::diff
{

/// One metadata field that differs. `counts` is false for fields that are shown but do not
/// make the snapshots different (timeMillis, description, file name, unknown fields).
struct MetaChange {
    std::string field;      ///< "pluginVersion", "timeMillis", "file", ...
    std::string old_value;  ///< empty when absent
    std::string new_value;  ///< empty when absent
    bool counts = true;
};

enum class ChangeOp { add, remove, replace };

/// Returns "add", "remove" or "replace" (the RFC 6902 operation names).
const char* op_name(ChangeOp op);

/// One structural change in a JSON entry. Paths are RFC 6901 JSON Pointers valid when the
/// changes are applied in order (so the list is also an RFC 6902 patch): an element removed
/// from an array is addressed by its index after the earlier changes were applied.
struct JsonChange {
    ChangeOp op = ChangeOp::replace;
    std::string path;
    std::string old_value;  ///< compact JSON text; empty for add
    std::string new_value;  ///< compact JSON text; empty for remove
    std::string identity;   ///< `id="okta"` for whole elements of identity-keyed arrays
};

/// One key of a .properties entry that was added, removed or changed.
struct PropertyChange {
    std::string key;
    std::optional<std::string> old_value;  ///< absent when the key was added
    std::optional<std::string> new_value;  ///< absent when the key was removed
};

/// One line of a unified hunk: ' ' context, '-' removed, '+' added, '\\' the marker line
/// "No newline at end of file" for the line before it.
struct HunkLine {
    char op = ' ';
    std::string text;  ///< without the line terminator
};

/// A unified-diff hunk; starts are 1-based line numbers (0 when a side's count is 0 at the
/// very beginning), as in `@@ -old_start,old_count +new_start,new_count @@`.
struct Hunk {
    std::size_t old_start = 0;
    std::size_t old_count = 0;
    std::size_t new_start = 0;
    std::size_t new_count = 0;
    std::vector<HunkLine> lines;
};

enum class EntryStatus { added, removed, modified };

/// Returns "added", "removed" or "modified".
const char* status_name(EntryStatus status);

/// How the details of a modified entry were computed.
enum class Detail {
    none,        ///< not inflated (--brief, or added/removed)
    json,        ///< structural: `json`
    properties,  ///< by key: `properties`
    text,        ///< line diff: `hunks`
    binary,      ///< size and fingerprints only (binaries and secret files)
};

/// Returns "none", "json", "properties", "text" or "binary".
const char* detail_name(Detail detail);

/// One entry present on one side only, or whose bytes differ.
struct EntryDiff {
    std::string name;
    EntryStatus status = EntryStatus::modified;
    archive::EntryKind kind = archive::EntryKind::binary;  ///< of the new side, else the old
    bool secret = false;  ///< the entry is a secret file: only fingerprints are shown
    std::optional<std::uint64_t> old_size;
    std::optional<std::uint64_t> new_size;
    /// "sha256:xxxxxxxx" (or "<redacted hmac:xxxxxxxxxxxx>" for secrets) of each side's
    /// bytes; empty when the entry was not inflated.
    std::string old_fingerprint;
    std::string new_fingerprint;
    Detail detail = Detail::none;
    std::vector<JsonChange> json;
    std::vector<PropertyChange> properties;
    std::vector<Hunk> hunks;
    /// True when the bytes differ but the content compares equal (JSON formatting, key order
    /// or properties layout changed only). Still counts as a difference.
    bool layout_only = false;
};

/// Everything one comparison found. Entries are in name order.
struct DiffReport {
    std::string old_label;  ///< what the old side was called (its file name)
    std::string new_label;
    std::vector<MetaChange> metadata;
    std::vector<EntryDiff> entries;
    std::size_t unchanged = 0;      ///< entries present on both sides and equal
    std::size_t crc_shortcuts = 0;  ///< of those, judged equal by size + CRC-32 alone
    std::size_t ignored = 0;        ///< entries skipped by --ignore (both sides counted)

    /// Returns true when a counting metadata field or any entry differs (exit status 1).
    bool differs() const;
    /// Returns the number of entries with `status`.
    std::size_t count(EntryStatus status) const;
    /// Returns the number of metadata changes that count.
    std::size_t counting_metadata() const;
};

}  // namespace ssosnap::diff
