// ssosnap textconv ARCHIVE: the canonical, redacted text form of an archive, for git's
// textconv driver (readable `git diff` / `git log -p` of snapshots kept in git).

#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/s3_support.hpp"
#include "diff/snapshot.hpp"
#include "diff/textconv.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct TextconvOptions {
    std::string archive;
    bool reveal = false;
    archive::Limits limits;
    AgeFlags age;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

constexpr const char* k_footer =
    R"(Output: metadata first, then every entry in name order: JSON pretty-printed
with sorted keys, .properties as sorted "key = value" lines, other text as is, binaries as
sha256:xxxxxxxx; secrets as <redacted hmac:xxxxxxxxxxxx> unless --reveal-secrets (keyed
with ~/.config/ssosnap/fingerprint.key: stable on this machine, so git's cache stays valid).

Use with git (snapshots kept in a repository):
  echo '*.zip diff=ssosnap' >> .gitattributes
  git config diff.ssosnap.textconv 'ssosnap textconv'
  git config diff.ssosnap.cachetextconv true
Encrypted archives (*.zip.age diff=ssosnap) need the identity from the environment:
  export SSOSNAP_AGE_IDENTITY=~/.config/ssosnap/age-identity.txt

Exit status: 0 printed, 3 the archive cannot be read.)";

void run_textconv(Context& ctx, const TextconvOptions& opt, const StagedArchives& archives)
{
    auto loaded = workflow::load_snapshot(archives.path(0), opt.limits, workflow::SidecarCheck::no,
                                          age_options(ctx, opt.age));
    if (!loaded) return void(report_error(ctx, archives.shown(loaded.error())));
    if (auto within = diff::check_total_size(loaded->reader); !within)
        return void(
            report_error(ctx, within.error().with_context("reading '" + opt.archive + "'")));
    auto snapshot =
        diff::snapshot_of(loaded->reader, loaded->located, loaded->path.filename().string());
    auto text = diff::textconv(snapshot, make_redactor(ctx, opt.reveal ? Reveal::yes : Reveal::no));
    if (!text) return void(report_error(ctx, text.error()));
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["archive"] = loaded->path.filename().string();
        doc["text"] = *text;
        doc["findings"] = findings_json(archives.shown(loaded->findings));
        print_json(ctx, doc);
    } else {
        ctx.out << *text;
    }
    ctx.status = 0;
}

}  // namespace

void add_textconv(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<TextconvOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("ARCHIVE", opt->archive, "The snapshot archive (.zip) to print as text")
        ->required();
    cmd->add_flag("--reveal-secrets", opt->reveal,
                  "Print secret values instead of <redacted hmac:xxxxxxxxxxxx> (never use this in "
                  "a git textconv driver: git caches and shows the output)");
    add_limit_flags(*cmd, opt->limits);
    add_identity_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, opt->s3);
    cmd->footer(k_footer);
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, opt->s3, {opt->archive});
        if (!archives) return void(report_error(ctx, archives.error()));
        run_textconv(ctx, *opt, *archives);
    });
}

}  // namespace ssosnap::cli
