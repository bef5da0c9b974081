#pragma once
// Comparing two snapshots into a DiffReport (plain data; see render.hpp for output).
// Entries are sorted by name on both sides and merge-walked. Entries with equal size and
// CRC-32 are taken as equal without being inflated (unless `paranoid`), so a diff of two
// large archives with a few changes inflates only the changed entries.

#include "core/result.hpp"
#include "diff/redact.hpp"
#include "diff/report.hpp"
#include "diff/snapshot.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ssosnap::diff
{

struct CompareOptions {
    Redactor redactor;  ///< redacts (under a per-process key unless the caller sets one)
    std::vector<std::string> ignore;  ///< glob patterns on entry names (glob.hpp)
    /// When not empty, only entries matching one of these globs take part (`log --path`);
    /// the others count as ignored.
    std::vector<std::string> only;
    std::size_t context = 3;  ///< context lines of text hunks
    bool brief = false;       ///< only which entries differ: details are not computed
    bool paranoid = false;    ///< compare bytes even when size and CRC-32 are equal
};

/// Compares `old_side` with `new_side`. Directory entries and each side's metadata entry are
/// skipped; when a name occurs twice in one archive its first entry is used. Fails with the
/// error of an entry that cannot be inflated, with context naming entry and side.
core::Result<DiffReport> compare(const Snapshot& old_side, const Snapshot& new_side,
                                 const CompareOptions& options);

}  // namespace ssosnap::diff
