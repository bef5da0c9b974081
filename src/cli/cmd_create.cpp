// ssosnap create SOURCE_DIR --out-dir DIR ...: build a snapshot archive named after the
// local time of timeMillis, deterministically (same inputs, same bytes), plus its .sha256.

#include "archive/writer.hpp"
#include "cli/age_flags.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/strings.hpp"
#include "metadata/local_time.hpp"
#include "metadata/snapshot.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

struct CreateOptions {
    std::string source;
    std::string out_dir;
    metadata::SnapshotMeta meta;
    std::optional<std::int64_t> time_millis;
    std::optional<std::string> tz;
    AgeFlags age;
};

// Regular files below `source` with '/' names, sorted later by the writer. Links and special
// files are refused: a snapshot holds plain files only.
core::Result<std::vector<archive::WriterEntry>> collect(Context& ctx, const fs::path& source)
{
    std::vector<archive::WriterEntry> out;
    std::error_code ec;
    if (!fs::is_directory(source, ec)) {
        return core::fail(core::Errc::input, core::quote(source.string()) + " is not a folder");
    }
    try {
        for (const auto& item : fs::recursive_directory_iterator(source)) {
            auto rel = fs::relative(item.path(), source).generic_string();
            if (item.is_symlink()) {
                return core::fail(core::Errc::input, "refusing the symbolic link " +
                                                         core::quote(rel) + " in SOURCE_DIR");
            }
            if (item.is_directory()) continue;
            if (!item.is_regular_file()) {
                return core::fail(core::Errc::input,
                                  core::quote(rel) + " in SOURCE_DIR is not a regular file");
            }
            if (core::is_temp_name(rel)) continue;
            if (rel == "metadata.json") {
                warn(ctx, "SOURCE_DIR/metadata.json is replaced by the metadata given as options");
                continue;
            }
            auto data = core::read_file(item.path(), std::uint64_t{1} << 30);
            if (!data) return core::fail(data.error());
            out.push_back({rel, std::move(*data)});
        }
    } catch (const fs::filesystem_error& e) {
        return core::fail(core::Errc::input, std::string("reading SOURCE_DIR: ") + e.what());
    }
    return out;
}

// The archive built in memory, checked, and written encrypted to `out` + ".age".
core::Result<fs::path> write_encrypted(const crypt::AgeOptions& age, const fs::path& out,
                                       std::vector<archive::WriterEntry> files,
                                       const archive::WriteOptions& wopt)
{
    auto bytes = archive::build_archive(std::move(files), wopt);
    if (!bytes) return core::fail(bytes.error());
    const fs::path sealed = out.string() + std::string(crypt::k_suffix);
    auto loaded = workflow::load_snapshot_bytes(std::move(*bytes), out);
    if (!loaded) return core::fail(loaded.error());
    // The archive's bytes as the reader holds them: no second copy of the plaintext.
    const auto plain = loaded->reader.memory_bytes();
    if (!plain) return core::fail(core::Errc::internal, "an archive not held in memory");
    auto written = workflow::write_encrypted_snapshot(age, *plain, *loaded, sealed);
    if (!written) return core::fail(written.error());
    return sealed;
}

core::Result<fs::path> create(Context& ctx, CreateOptions opt)
{
    if (!opt.meta.base_url.starts_with("https://") && !opt.meta.base_url.starts_with("http://")) {
        return core::fail(core::Errc::usage, "--base-url must start with https:// or http://");
    }
    std::int64_t millis = opt.time_millis.value_or(core::now_millis());
    auto zone = opt.tz;
    if (!zone) {
        if (auto tz = ctx.env("TZ"); tz && !tz->empty())
            zone = tz->front() == ':' ? tz->substr(1) : *tz;
    }
    auto name_time = metadata::local_name_time(millis, zone);
    if (!name_time) return core::fail(name_time.error());
    auto files = collect(ctx, opt.source);
    if (!files) return core::fail(files.error());
    opt.meta.time_millis = millis;
    if (opt.meta.description.empty()) opt.meta.description = metadata::snapshot_id(*name_time);
    files->push_back({"metadata.json", metadata::to_json(opt.meta, 2) + "\n"});
    fs::path out = fs::path(opt.out_dir) / metadata::snapshot_file_name(*name_time);
    archive::WriteOptions wopt;
    wopt.mtime_millis = millis;
    if (const auto age = age_options(ctx, opt.age); crypt::encrypts(age))
        return write_encrypted(age, out, std::move(*files), wopt);
    SSOSNAP_TRY(archive::write_archive(out, std::move(*files), wopt));
    if (auto ok = workflow::write_sha256_sidecar(out); !ok) {
        std::error_code ec;
        fs::remove(out, ec);  // a failed command leaves nothing
        return core::fail(ok.error());
    }
    return out;
}

void run_create(Context& ctx, const CreateOptions& opt)
{
    auto out = create(ctx, opt);
    if (!out) {
        report_error(ctx, out.error().with_context("creating a snapshot"));
        return;
    }
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["path"] = out->string();
        doc["sha256_sidecar"] = workflow::sha256_sidecar_path(*out).string();
        doc["id"] = fs::path(workflow::plain_file_name(*out)).stem().string();
        doc["encrypted"] = workflow::has_encrypted_name(*out);
        print_json(ctx, doc);
    } else {
        ctx.out << out->string() << "\n";
    }
    ctx.status = 0;
}

}  // namespace

void add_create(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<CreateOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("SOURCE_DIR", opt->source,
                    "Folder whose files become the archive's entries (paths kept, e.g. "
                    "settings.json, kerberos/...)")
        ->required();
    cmd->add_option("--out-dir", opt->out_dir, "Existing folder to write the archive into")
        ->required();
    cmd->add_option("--app", opt->meta.application_name, "applicationName, e.g. JIRA, CONFLUENCE")
        ->required();
    cmd->add_option("--app-version", opt->meta.application_version,
                    "applicationVersion: the product version, e.g. 9.12.2")
        ->required();
    cmd->add_option("--plugin-version", opt->meta.plugin_version,
                    "pluginVersion: the Kantega SSO app version, e.g. 6.1.0")
        ->required();
    cmd->add_option("--base-url", opt->meta.base_url,
                    "baseUrl of the product, e.g. https://jira.example.test")
        ->required();
    cmd->add_option("--description", opt->meta.description,
                    "description (default: the snapshot id, as the server does)");
    cmd->add_option("--time-millis", opt->time_millis,
                    "timeMillis, epoch milliseconds (default: now)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--tz", opt->tz,
                    "IANA zone for the local time in the file name (default: $TZ, else the "
                    "system zone), e.g. Europe/Oslo");
    add_encrypt_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    cmd->footer(
        "With --encrypt-to/--recipients-file: DIR/sso-snapshot-….zip.age instead, built in\n"
        "memory and encrypted with age (docs/encryption.md); no plaintext zip is written.\n"
        "Writes DIR/sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (the local time of timeMillis in\n"
        "ZONE, seconds floored) holding metadata.json and SOURCE_DIR's files, and its .sha256\n"
        "sidecar, then prints the archive's path. The same inputs give byte-identical archives:\n"
        "entries sorted by name, every entry time = timeMillis (UTC), fixed attributes.\n\n"
        "Example:\n  ssosnap create ./config --out-dir backups --app JIRA --app-version 9.12.2 \\\n"
        "    --plugin-version 6.1.0 --base-url https://jira.example.test --tz Europe/Oslo\n\n"
        "Exit status: 0 written, 2 bad options (unknown zone), 3 unreadable SOURCE_DIR or\n"
        "the archive already exists.");
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        run_create(ctx, *opt);
    });
}

}  // namespace ssosnap::cli
