#include "cli/redaction.hpp"

#include "cli/output.hpp"
#include "core/fingerprint.hpp"

namespace ssosnap::cli
{

diff::Redactor make_redactor(Context& ctx, Reveal reveal)
{
    if (reveal == Reveal::yes) return diff::Redactor::reveal();
    const auto file = core::fingerprint_key_path(ctx.env("XDG_CONFIG_HOME").value_or(""),
                                                 ctx.env("HOME").value_or(""));
    std::string problem = "neither XDG_CONFIG_HOME nor HOME is set";
    if (!file.empty()) {
        auto key = core::load_or_create_fingerprint_key(file);
        if (key) return diff::Redactor(*key);
        problem = key.error().message;
    }
    warn(ctx, problem + "; secrets are redacted with a key for this run only, so their "
                        "fingerprints cannot be compared with other runs' output");
    return diff::Redactor();
}

}  // namespace ssosnap::cli
