#pragma once
// Lint: findings about an archive with stable codes (documented in docs/cli.md):
// unsafe-path, symlink-entry, duplicate-name, overlapping-entries, limit-exceeded,
// encrypted-entry, crc-mismatch, truncated, metadata-missing, metadata-invalid,
// bad-file-name, sidecar-mismatch.

#include "archive/reader.hpp"
#include "core/finding.hpp"

#include <string_view>
#include <vector>

namespace ssosnap::archive
{

/// Returns true when `name` may be extracted below a folder: not absolute, no drive letter,
/// no ".." component, no NUL or other control byte, checked after turning '\' into '/'.
bool is_safe_entry_name(std::string_view name);

/// Findings from names and the central directory only (nothing is inflated): the reader's
/// structural_findings() plus unsafe-path, symlink-entry and encrypted-entry per entry.
std::vector<core::Finding> lint_structure(const Reader& reader);

/// Inflates every file entry in chunks (bounded memory) and reports crc-mismatch, truncated,
/// size-mismatch, limit-exceeded (per entry, and once for the total) and unsupported-method.
/// Encrypted entries are skipped (lint_structure reports them), so the two lists never
/// repeat a finding and callers may simply concatenate them.
std::vector<core::Finding> lint_contents(const Reader& reader);

}  // namespace ssosnap::archive
