// ssosnap copy: archives with their sidecars between a local folder and a bucket, either way.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "workflow/snapshot_file.hpp"
#include "workflow/snapshot_folder.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace ssosnap::cli
{

namespace
{

constexpr const char* k_footer =
    R"(SRC and DST are a local folder (or one archive) and an s3://BUCKET/PREFIX/ folder (or
s3://BUCKET/KEY), in either direction. Every NAME.zip and NAME.zip.age of SRC is copied with
its sidecars: into a bucket, NAME.sha256 and the readable record ARCHIVE.json go first and the
archive last, then it is read back (size and SHA-256); into a folder, the archive is written
atomically (0600) and, before it gets its final name, checked against its .sha256 object, its
listed size and its contents (every entry inflated; a .zip.age must be an age file), so the
.sha256 beside it never vouches for anything else. An archive already at DST with the same size
is skipped; copy never overwrites.

Examples:
  ssosnap copy backups/ s3://dr-backups/jira/
  ssosnap copy s3://dr-backups/jira/ restored-backups/

Credentials and endpoint: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_PROFILE (~/.aws/credentials, ~/.aws/config), AWS_REGION, AWS_ENDPOINT_URL (see S3 flags).

Exit status: 0 copied (or nothing to copy), 2 usage error (both local or both s3://),
3 an archive cannot be read, is not a usable snapshot or does not match its sidecar, 4 S3
error (also a body longer or shorter than listed), 5 S3 refused the credentials.)";

struct CopyArgs {
    std::string source;
    std::string destination;
    S3Flags s3;
};

struct Copied {
    std::string from;
    std::string to;
    bool skipped = false;
};

core::Result<std::vector<Copied>> upload_all(S3Session& s3, const fs::path& source,
                                             const s3::Location& folder)
{
    std::vector<fs::path> archives;
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
        auto listed = workflow::list_snapshot_folder(source, workflow::SidecarCheck::no);
        if (!listed) return core::fail(listed.error());
        for (const auto& row : *listed)
            archives.push_back(row.path);
    } else {
        archives.push_back(source);
    }
    auto present = list_bucket_archives(s3, folder);
    if (!present) return core::fail(present.error());
    std::vector<Copied> out;
    std::vector<UploadedArchive> uploaded;
    for (const auto& a : archives) {
        const auto name = a.filename().string();
        auto size = fs::file_size(a, ec);
        auto same = std::find_if(present->begin(), present->end(), [&](const BucketArchive& b) {
            return b.location.file_name() == name && b.size == size;
        });
        if (same != present->end()) {
            out.push_back({a.string(), same->location.text(), true});
            continue;
        }
        auto up = upload_archive(s3, a, folder);
        if (!up) {
            (void)add_to_index(s3, folder, uploaded);  // what did arrive stays listed fast
            return core::fail(up.error().with_context("copying " + core::quote(a.string())));
        }
        out.push_back({a.string(), up->location.text(), false});
        uploaded.push_back(std::move(*up));
    }
    SSOSNAP_TRY(add_to_index(s3, folder, uploaded));
    return out;
}

core::Result<std::vector<Copied>> download_all(S3Session& s3, const s3::Location& source,
                                               const fs::path& dir)
{
    // Each archive's size from the listing bounds its download; every archive is checked
    // (entries inflated, or an age file) before it and its .sha256 sidecar are written.
    std::vector<std::pair<s3::Location, DownloadChecks>> archives;
    if (source.is_folder()) {
        auto listed = list_bucket_archives(s3, source);
        if (!listed) return core::fail(listed.error());
        for (const auto& b : *listed)
            archives.push_back({b.location, {.size = b.size, .contents = true}});
    } else {
        archives.push_back({source, {.size = std::nullopt, .contents = true}});
    }
    std::vector<Copied> out;
    for (const auto& [at, checks] : archives) {
        const fs::path target = dir / at.file_name();
        std::error_code ec;
        if (fs::exists(target, ec)) {
            out.push_back({at.text(), target.string(), true});
            continue;
        }
        auto got = download_archive(s3, at, dir, checks);
        if (!got) return core::fail(got.error().with_context("copying " + at.text()));
        out.push_back({at.text(), got->string(), false});
    }
    return out;
}

void run_copy(Context& ctx, const CopyArgs& args)
{
    const bool from_s3 = s3::is_s3_url(args.source);
    const bool to_s3 = s3::is_s3_url(args.destination);
    if (from_s3 == to_s3) {
        return void(report_error(
            ctx, {core::Errc::usage,
                  "copy goes between a local folder and s3://BUCKET/PREFIX/: exactly one of SRC "
                  "and DST must be an s3:// location",
                  "usage"}));
    }
    auto session = S3Session::open(ctx, args.s3);
    if (!session) return void(report_error(ctx, session.error()));
    core::Result<std::vector<Copied>> copied = core::fail(core::Errc::internal, "");
    if (to_s3) {
        auto folder = parse_s3_folder(args.destination);
        if (!folder) return void(report_error(ctx, folder.error()));
        copied = upload_all(**session, args.source, *folder);
    } else {
        auto at = s3::parse_location(args.source);
        if (!at) return void(report_error(ctx, at.error()));
        copied = download_all(**session, *at, args.destination);
    }
    if (!copied) return void(report_error(ctx, copied.error()));
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["source"] = args.source;
        doc["destination"] = args.destination;
        doc["copied"] = nlohmann::json::array();
        doc["skipped"] = nlohmann::json::array();
        for (const auto& c : *copied)
            doc[c.skipped ? "skipped" : "copied"].push_back({{"from", c.from}, {"to", c.to}});
        print_json(ctx, doc);
        return;
    }
    std::size_t n = 0;
    for (const auto& c : *copied) {
        if (c.skipped) {
            ctx.err << "ssosnap: " << core::escape_controls(c.to) << " is already there: skipped\n";
            continue;
        }
        ++n;
        ctx.out << core::escape_controls(c.to) << "\n";
    }
    ctx.err << "ssosnap: " << n << " archive" << (n == 1 ? "" : "s") << " copied, "
            << copied->size() - n << " already there\n";
}

}  // namespace

void add_copy(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<CopyArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->footer(k_footer);
    cmd->add_option("SRC", args->source, "Local folder or archive, or s3://BUCKET/PREFIX/ (or KEY)")
        ->required();
    cmd->add_option("DST", args->destination, "s3://BUCKET/PREFIX/, or a local folder")->required();
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, args->s3);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_copy(ctx, *args);
    });
}

}  // namespace ssosnap::cli
