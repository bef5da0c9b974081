#pragma once
// The Redactor every command that prints archive content uses: the user's fingerprint key
// from $XDG_CONFIG_HOME/ssosnap/fingerprint.key (created on first use), or --reveal-secrets.

#include "cli/context.hpp"
#include "diff/redact.hpp"

namespace ssosnap::cli
{

/// Secrets are shown (--reveal-secrets) or redacted.
enum class Reveal { no, yes };

/// Returns a revealing Redactor for Reveal::yes; otherwise one keyed with the user's
/// fingerprint key (core::load_or_create_fingerprint_key at core::fingerprint_key_path of
/// ctx's XDG_CONFIG_HOME and HOME). When that key cannot be read or created, warns once on
/// ctx.err that fingerprints are not comparable between runs and returns a Redactor with a
/// per-process random key: secrets stay redacted either way.
diff::Redactor make_redactor(Context& ctx, Reveal reveal);

}  // namespace ssosnap::cli
