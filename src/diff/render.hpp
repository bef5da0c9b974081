#pragma once
// Renderers of a DiffReport. They only format: secrets were redacted when the report was
// made, so every renderer shows exactly the same (redacted or revealed) values. They return
// text; printing is the CLI's job.

#include "diff/report.hpp"

#include <string>

namespace ssosnap::diff
{

struct RenderOptions {
    bool color = false;  ///< ANSI colours (the CLI decides: a terminal and no NO_COLOR)
    bool brief = false;  ///< one line per changed entry (and counting metadata field) only
};

/// Human-readable report: counting and shown metadata changes, then one block per entry
/// (JSON changes as pointer paths with old -> new, properties by key, unified hunks,
/// binary sizes and fingerprints), then a summary line. Ends with a newline.
std::string render_text(const DiffReport& report, const RenderOptions& options);

/// The report as one JSON object (without the CLI envelope fields): "same", "old", "new",
/// "metadata", "entries" (every change as data) and "summary". See docs/cli.md.
std::string render_json(const DiffReport& report, const RenderOptions& options);

/// RFC 6902 JSON Patch per modified JSON entry, as one JSON object: "format": "rfc6902",
/// "patches": [{"entry", "patch": [...]}], "other": the entries a patch cannot express,
/// "metadata": the metadata changes. Values are redacted unless the report revealed them.
std::string render_patch(const DiffReport& report);

}  // namespace ssosnap::diff
