#pragma once
// The canonical text form of one snapshot, for `git diff` through a textconv driver:
// metadata first, then each entry in name order — JSON pretty-printed with sorted keys,
// .properties as sorted "key = value" lines, other text as is, binaries and secrets as
// fingerprints. Secrets are redacted exactly as the diff redacts them.

#include "core/result.hpp"
#include "diff/redact.hpp"
#include "diff/report.hpp"
#include "diff/snapshot.hpp"

#include <string>

namespace ssosnap::diff
{

/// Returns the text form of `snapshot`. The snapshot's label is not part of it (git hands
/// textconv a temporary file name). Fails with the error of an entry that cannot be inflated.
core::Result<std::string> textconv(const Snapshot& snapshot, const Redactor& redactor);

}  // namespace ssosnap::diff
