#pragma once
// Findings are data, not errors: lint, verify and validate return lists of them and the
// CLI decides the exit status from their severities.

#include <string>
#include <vector>

namespace ssosnap::core
{

enum class Severity { info, warning, error };

/// Returns "info", "warning" or "error".
const char* severity_name(Severity severity);

/// One observation about an archive or its metadata. `code` is stable and documented in
/// docs/cli.md (e.g. "unsafe-path", "crc-mismatch"); `path` names the entry, may be empty.
struct Finding {
    Severity severity = Severity::error;
    std::string code;
    std::string path;
    std::string message;
};

/// Returns true when any finding has error severity.
bool has_errors(const std::vector<Finding>& findings);

/// Returns true when any finding has warning severity.
bool has_warnings(const std::vector<Finding>& findings);

}  // namespace ssosnap::core
