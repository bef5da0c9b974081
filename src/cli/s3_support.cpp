#include "cli/s3_support.hpp"

#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "crypt/age.hpp"
#include "metadata/sealed.hpp"
#include "workflow/fetch.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace ssosnap::cli
{

namespace
{

constexpr std::uint64_t k_max_sidecar = std::uint64_t{64} * 1024;
constexpr std::uint64_t k_max_archive = std::uint64_t{4} << 30;
/// A bucket archive without its record up to this size is fetched whole to read its metadata
/// (one request); a larger one is read piecewise (archive::Reader::open_ranges).
constexpr std::uint64_t k_fetch_whole_below = std::uint64_t{1} << 20;

rest::CurlOptions curl_options(const s3::Settings& s)
{
    rest::CurlOptions o;
    o.ca_file = s.ca_file;
    o.insecure = s.insecure;
    o.user_agent = "ssosnap";
    return o;
}

bool is_archive_name(std::string_view name)
{
    return name.ends_with(".zip") || name.ends_with(".zip.age");
}

/// GET a small object: nullopt when it does not exist.
core::Result<std::optional<std::string>> get_optional(s3::Client& c, const s3::Location& at,
                                                      std::uint64_t max_bytes = k_max_sidecar)
{
    auto got = c.get_bytes(at, max_bytes);
    if (got) return std::optional<std::string>(std::move(*got));
    if (got.error().id == "s3-not-found") return std::optional<std::string>{};
    return core::fail(got.error());
}

/// The readable record uploaded beside `archive`: an encrypted archive's sealed record, or one
/// made from a plain zip's metadata.
core::Result<std::string> record_of(const fs::path& archive, const std::string& sha256,
                                    std::uint64_t bytes)
{
    if (workflow::has_encrypted_name(archive)) {
        auto sealed = workflow::read_sealed_sidecar(archive);
        if (!sealed) return core::fail(sealed.error());
        if (!*sealed) {
            return core::fail(core::Errc::input,
                              core::quote(archive.string()) + " has no readable record " +
                                  core::quote(workflow::sealed_sidecar_path(archive).string()) +
                                  ": a bucket would list it without metadata",
                              "sealed-missing");
        }
        return metadata::to_json(**sealed);
    }
    auto loaded = workflow::load_snapshot(archive, {}, workflow::SidecarCheck::no);
    if (!loaded) return core::fail(loaded.error());
    metadata::SealedMeta record;
    record.archive = archive.filename().string();
    record.sha256 = sha256;
    record.bytes = bytes;
    record.entries = loaded->reader.entries().size();
    record.meta = loaded->located.meta;
    return metadata::to_json(record);
}

}  // namespace

void add_s3_flags(CLI::App& command, S3Flags& flags)
{
    const char* group = "S3";
    command
        .add_option("--endpoint-url", flags.overrides.endpoint,
                    "S3 endpoint for s3:// locations (else AWS_ENDPOINT_URL, the AWS profile's "
                    "endpoint_url, or AWS's regional endpoint)")
        ->group(group);
    command
        .add_option("--region", flags.overrides.region,
                    "S3 region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, "
                    "us-east-1)")
        ->group(group);
    command
        .add_option("--aws-profile", flags.overrides.profile,
                    "Profile of ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE, "
                    "\"default\")")
        ->group(group);
    command
        .add_flag("--path-style", flags.overrides.path_style,
                  "Address buckets as ENDPOINT/BUCKET/KEY (automatic for an IP address or "
                  "localhost; also SSOSNAP_S3_PATH_STYLE=1)")
        ->group(group);
    command
        .add_option("--s3-ca-bundle", flags.ca_bundle,
                    "Trust this PEM bundle for the S3 endpoint (else AWS_CA_BUNDLE)")
        ->group(group);
    command
        .add_flag("--s3-no-verify-ssl", flags.no_verify,
                  "Do not verify the S3 endpoint's TLS certificate (warned)")
        ->group(group);
}

S3Session::S3Session(s3::Settings settings, Context& ctx)
    : m_curl(curl_options(settings)),
      m_retrying(m_curl, rest::RetryPolicy{}, {},
                 [&ctx](int attempt, std::chrono::milliseconds delay, const std::string& why) {
                     end_progress_line(ctx);
                     ctx.err << "ssosnap: S3 " << why << "; attempt " << attempt << " in "
                             << delay.count() << " ms\n";
                 }),
      m_client(std::move(settings), m_retrying)
{
}

core::Result<std::unique_ptr<S3Session>> S3Session::open(Context& ctx, const S3Flags& flags)
{
    s3::Overrides o = flags.overrides;
    o.insecure = flags.no_verify;
    o.ca_file = flags.ca_bundle.empty() ? fs::path(ctx.env("AWS_CA_BUNDLE").value_or(""))
                                        : fs::path(flags.ca_bundle);
    auto settings = s3::resolve_settings(o, [&ctx](const char* name) -> std::optional<std::string> {
        auto v = ctx.env(name);
        if (v && v->empty()) return std::nullopt;
        return v;
    });
    if (!settings) return core::fail(settings.error());
    if (settings->insecure)
        warn(ctx, "--s3-no-verify-ssl: the S3 endpoint's certificate is not checked");
    std::unique_ptr<S3Session> session(new S3Session(std::move(*settings), ctx));
    if (auto page = ctx.env("SSOSNAP_S3_PAGE_SIZE"); page && !page->empty()) {
        int n = 0;
        auto [end, ec] = std::from_chars(page->data(), page->data() + page->size(), n);
        if (ec != std::errc() || end != page->data() + page->size() || n < 1 || n > 1000) {
            return core::fail(core::Errc::usage,
                              "SSOSNAP_S3_PAGE_SIZE must be a number from 1 to 1000", "usage");
        }
        session->m_page_size = n;
    }
    return session;
}

core::Result<s3::Location> parse_s3_folder(const std::string& text)
{
    auto loc = s3::parse_location(text);
    if (!loc) return loc;
    if (!loc->is_folder()) loc->key += '/';
    return loc;
}

core::Result<UploadedArchive> upload_archive(S3Session& s3, const fs::path& archive,
                                             const s3::Location& folder)
{
    const std::string name = archive.filename().string();
    if (!is_archive_name(name) || !s3::is_safe_file_name(name)) {
        return core::fail(core::Errc::input,
                          core::quote(archive.string()) + " is not a NAME.zip or NAME.zip.age",
                          "not-an-archive");
    }
    auto sha = workflow::sha256_of_file(archive);
    if (!sha) return core::fail(sha.error());
    std::error_code ec;
    const auto bytes = fs::file_size(archive, ec);
    if (ec)
        return core::fail(core::Errc::input, "cannot read " + core::quote(archive.string()),
                          "read");
    // An existing sidecar must agree (compared as text: the archive is hashed once).
    const auto sidecar_path = workflow::sha256_sidecar_path(archive);
    std::string sidecar_hash;
    if (fs::exists(sidecar_path, ec)) {
        auto text = core::read_file(sidecar_path, k_max_sidecar);
        if (!text) return core::fail(text.error());
        sidecar_hash = text->substr(0, text->find_first_of(" \t\n"));
    }
    if (!sidecar_hash.empty() && core::to_lower(sidecar_hash) != *sha) {
        return core::fail(core::Errc::input,
                          core::quote(archive.string()) +
                              " does not match its .sha256 sidecar: not uploaded",
                          "sidecar-mismatch");
    }
    auto record = record_of(archive, *sha, bytes);
    if (!record) return core::fail(record.error());

    auto& c = s3.client();
    const auto target = folder.child(name);
    // Sidecars first, the archive last: a listing never shows an archive without them.
    SSOSNAP_TRY(
        c.put_bytes(folder.child(name + ".sha256"), *sha + "  " + name + "\n", "text/plain"));
    SSOSNAP_TRY(c.put_bytes(folder.child(name + ".json"), *record, "application/json"));
    SSOSNAP_TRY(c.put_file(target, archive, *sha));
    // Read back: the server checked the body against x-amz-content-sha256 on the way in; the
    // stored object must now have the size and the SHA-256 metadata sent.
    auto head = c.head(target);
    if (!head) return core::fail(head.error());
    std::string stored_sha;
    if (*head) {
        for (const auto& [k, v] : (*head)->metadata)
            if (k == "sha256") stored_sha = v;
    }
    if (!*head || (*head)->size != bytes || stored_sha != *sha) {
        return core::fail(core::Errc::remote,
                          "read-back of " + target.text() +
                              " failed: the stored object's size or SHA-256 differs from what was "
                              "sent",
                          "s3-readback");
    }
    return UploadedArchive{target, bytes, (*head)->etag, std::move(*record)};
}

namespace
{

core::Result<nlohmann::json> read_index(s3::Client& c, const s3::Location& folder)
{
    auto text = get_optional(c, folder.child(k_index_name), std::uint64_t{64} << 20);
    if (!text) return core::fail(text.error());
    if (!*text) return nlohmann::json::object();
    // An index that cannot be read is rebuilt from nothing: it is only a cache, and anyone who
    // may write the bucket can change it. Nesting is bounded before parsing (dumping a record
    // recurses once per level); entries are read field by field with their types checked.
    if (core::json_nesting_depth(**text) > core::k_max_json_depth) return nlohmann::json::object();
    auto doc = nlohmann::json::parse(**text, nullptr, false);
    if (!doc.is_object()) return nlohmann::json::object();
    const auto schema = doc.find("schema");
    const auto archives = doc.find("archives");
    if (schema == doc.end() || !schema->is_number_integer() || *schema != 1 ||
        archives == doc.end() || !archives->is_object())
        return nlohmann::json::object();
    return doc;
}

/// The index entry of `name`, when it still describes the object listed as `archive` (same
/// size, same non-empty ETag, every field of the type written), else nullptr.
const nlohmann::json* fresh_index_entry(const nlohmann::json& index, const BucketArchive& archive)
{
    const auto archives = index.find("archives");
    if (archives == index.end() || !archives->is_object()) return nullptr;
    const auto entry = archives->find(archive.location.file_name());
    if (entry == archives->end() || !entry->is_object()) return nullptr;
    const auto size = entry->find("size");
    const auto etag = entry->find("etag");
    if (size == entry->end() || !size->is_number_unsigned() || etag == entry->end() ||
        !etag->is_string() || archive.etag.empty())
        return nullptr;
    if (size->get<std::uint64_t>() != archive.size || etag->get<std::string>() != archive.etag)
        return nullptr;
    return &*entry;
}

// DownloadChecks::contents: the bytes in `file` (not yet named) are what `at`'s name says.
core::Result<void> check_arrived(core::AtomicFile& file, const s3::Location& at)
{
    const auto bad = [&at](const std::string& why) {
        return core::fail(core::Errc::input, at.text() + " is " + why + ": not written",
                          "bad-archive");
    };
    if (workflow::has_encrypted_name(at.file_name())) {
        if (!crypt::is_age_file(file.temp_path())) return bad("not an age file");
        return {};
    }
    file.start_sync();  // the disk catches up while the entries are inflated
    auto findings = workflow::check_snapshot_file(file.temp_path(), workflow::SidecarCheck::no,
                                                  true, workflow::CheckDepth::contents);
    if (!findings) return bad("not a readable archive (" + findings.error().message + ")");
    if (const core::Finding* first = workflow::first_error(*findings))
        return bad("not a usable snapshot (" + first->code + ": " + first->message + ")");
    return {};
}

}  // namespace

core::Result<void> add_to_index(S3Session& s3, const s3::Location& folder,
                                const std::vector<UploadedArchive>& uploaded)
{
    if (uploaded.empty()) return {};
    auto& c = s3.client();
    auto doc = read_index(c, folder);
    if (!doc) return core::fail(doc.error());
    if (!doc->contains("archives")) *doc = {{"schema", 1}, {"archives", nlohmann::json::object()}};
    for (const auto& u : uploaded) {
        auto record = nlohmann::json::parse(u.record, nullptr, false);
        (*doc)["archives"][u.location.file_name()] = {
            {"size", u.size}, {"etag", u.etag}, {"record", record}};
    }
    return c.put_bytes(folder.child(k_index_name), doc->dump(), "application/json");
}

core::Result<fs::path> download_archive(S3Session& s3, const s3::Location& at, const fs::path& dir,
                                        const DownloadChecks& checks)
{
    const std::string name = at.file_name();
    if (!is_archive_name(name) || !s3::is_safe_file_name(name)) {
        return core::fail(core::Errc::usage, at.text() + " is not a NAME.zip or NAME.zip.age",
                          "not-an-archive");
    }
    auto& c = s3.client();
    auto got_sidecar = get_optional(c, s3::Location{at.bucket, at.key + ".sha256"});
    if (!got_sidecar) return core::fail(got_sidecar.error());
    const std::optional<std::string> sidecar = std::move(*got_sidecar);
    std::optional<std::string> record;
    if (workflow::has_encrypted_name(name)) {
        auto r = get_optional(c, s3::Location{at.bucket, at.key + ".json"});
        if (!r) return core::fail(r.error());
        record = std::move(*r);
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path target = dir / name;
    auto file = core::AtomicFile::create(target, core::FileMode::secret, core::Overwrite::no);
    if (!file) return core::fail(file.error());
    core::Sha256 hash;
    std::uint64_t bytes = 0;
    const auto size_error = [&at, &checks](std::uint64_t sent) {
        const std::string listed = std::to_string(*checks.size);
        return core::fail(core::Errc::remote,
                          at.text() + ": the S3 server sent " +
                              (sent > *checks.size
                                   ? "more than the " + listed + " bytes"
                                   : std::to_string(sent) + " bytes, not the " + listed) +
                              " its listing gave: not written",
                          "s3-size-mismatch");
    };
    rest::BodySink sink;
    sink.max_bytes = k_max_archive;
    sink.write = [&](std::string_view chunk) -> core::Result<void> {
        bytes += chunk.size();
        if (checks.size && bytes > *checks.size) return size_error(bytes);
        hash.update(chunk);
        return file->write(chunk);
    };
    SSOSNAP_TRY(c.get_to(at, std::move(sink)));
    if (checks.size && bytes != *checks.size) return size_error(bytes);
    const std::string got = hash.hex_digest();
    if (sidecar) {
        const std::string first = sidecar->substr(0, sidecar->find(' '));
        const auto expected = core::trim(first);
        if (expected != got) {
            return core::fail(core::Errc::input,
                              at.text() + " does not match its .sha256 sidecar object (sha256 " +
                                  got.substr(0, 16) + "…): not written",
                              "sidecar-mismatch");
        }
    }
    if (checks.contents) SSOSNAP_TRY(check_arrived(*file, at));
    SSOSNAP_TRY(file->commit());
    auto sidecar_text = sidecar.value_or(got + "  " + name + "\n");
    SSOSNAP_TRY(core::write_file_atomic(workflow::sha256_sidecar_path(target), sidecar_text,
                                        core::FileMode::shared));
    if (record) {
        SSOSNAP_TRY(core::write_file_atomic(workflow::sealed_sidecar_path(target), *record,
                                            core::FileMode::shared));
    }
    return target;
}

core::Result<StagedArchive> StagedArchive::open(Context& ctx, const std::string& arg,
                                                const S3Flags& flags)
{
    StagedArchive staged;
    if (!s3::is_s3_url(arg)) {
        staged.m_path = arg;
        return staged;
    }
    auto at = s3::parse_location(arg);
    if (!at) return core::fail(at.error());
    if (at->is_folder()) {
        return core::fail(core::Errc::usage,
                          arg + " is a folder; name an archive (s3://BUCKET/KEY)", "s3-location");
    }
    auto session = S3Session::open(ctx, flags);
    if (!session) return core::fail(session.error());
    auto folder = core::TempFolder::create("ssosnap-s3-");
    if (!folder) return core::fail(folder.error());
    ctx.err << "ssosnap: downloading " << at->text() << "\n";
    auto path = download_archive(**session, *at, folder->path());
    if (!path) return core::fail(path.error());
    staged.m_path = *path;
    staged.m_folder.emplace(std::move(*folder));
    auto parent = *at;
    parent.key = parent.key.substr(0, parent.key.rfind('/') + 1);
    staged.m_source = parent;
    staged.m_session = std::move(*session);
    return staged;
}

core::Result<std::string> StagedArchive::publish_beside(const fs::path& archive)
{
    if (!m_session) return archive.string();
    auto up = upload_archive(*m_session, archive, *m_source);
    if (!up) return core::fail(up.error());
    SSOSNAP_TRY(add_to_index(*m_session, *m_source, {*up}));
    return up->location.text();
}

std::string StagedArchive::shown(std::string text) const
{
    if (!m_folder) return text;
    // The staged copy and its sidecars are the bucket folder's objects under their own names
    // (download_archive), so the folder alone is renamed.
    return shown_as(std::move(text), m_folder->path(), m_source->text());
}

core::Result<StagedArchives> StagedArchives::open(Context& ctx, const S3Flags& flags,
                                                  const std::vector<std::string>& args)
{
    StagedArchives out;
    for (const auto& arg : args) {
        auto one = StagedArchive::open(ctx, arg, flags);
        if (!one) return core::fail(one.error());
        out.m_archives.push_back(std::move(*one));
    }
    return out;
}

std::string StagedArchives::shown(std::string text) const
{
    for (const auto& a : m_archives)
        text = a.shown(std::move(text));
    return text;
}

core::Error StagedArchives::shown(core::Error error) const
{
    error.message = shown(std::move(error.message));
    return error;
}

std::vector<core::Finding> StagedArchives::shown(std::vector<core::Finding> findings) const
{
    for (auto& f : findings) {
        f.path = shown(std::move(f.path));
        f.message = shown(std::move(f.message));
    }
    return findings;
}

core::Result<BackupDestination> BackupDestination::open(Context& ctx, const std::string& to,
                                                        const S3Flags& flags)
{
    BackupDestination d;
    if (!s3::is_s3_url(to)) {
        d.m_local = to;
        return d;
    }
    auto folder = parse_s3_folder(to);
    if (!folder) return core::fail(folder.error());
    auto session = S3Session::open(ctx, flags);
    if (!session) return core::fail(session.error());
    auto temp = core::TempFolder::create("ssosnap-s3-");
    if (!temp) return core::fail(temp.error());
    d.m_folder = *folder;
    d.m_session = std::move(*session);
    d.m_local = temp->path() / "out";
    d.m_temp.emplace(std::move(*temp));
    return d;
}

core::Result<std::string> BackupDestination::publish(const fs::path& archive)
{
    if (!m_session) return archive.string();
    auto up = upload_archive(*m_session, archive, *m_folder);
    if (!up) return core::fail(up.error());
    SSOSNAP_TRY(add_to_index(*m_session, *m_folder, {*up}));
    return up->location.text();
}

core::Result<std::vector<BucketArchive>> list_bucket_archives(S3Session& s3,
                                                              const s3::Location& folder)
{
    auto listed = s3.client().list(folder, s3.page_size());
    if (!listed) return core::fail(listed.error());
    std::vector<BucketArchive> out;
    std::vector<std::string> names;
    for (const auto& o : *listed)
        names.push_back(o.key.substr(folder.key.size()));
    auto has = [&](const std::string& n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };
    for (std::size_t i = 0; i < listed->size(); ++i) {
        const auto& n = names[i];
        if (!is_archive_name(n) || !s3::is_safe_file_name(n)) continue;  // below, or a sidecar
        BucketArchive a;
        a.location = folder.child(n);
        a.size = (*listed)[i].size;
        a.etag = (*listed)[i].etag;
        a.has_sha256 = has(n + ".sha256");
        a.has_record = has(n + ".json");
        out.push_back(std::move(a));
    }
    return out;
}

namespace
{

// The metadata of an archive put in the bucket without its record (by other means than
// ssosnap), read from the archive itself. A small one is fetched whole (one request); a larger
// one piecewise: Range requests for its end record, directory and metadata entry, so ls and
// prune do not download it. A server that ignores Range gets the whole-object GET instead.
// What is wrong with the archive makes the row unreadable; a failed request is returned.
core::Result<void> read_archive_meta(S3Session& s3, const BucketArchive& a,
                                     workflow::ListedArchive& row)
{
    std::optional<core::Error> failed;  // the first failed Range request
    auto read = [&s3, &a, &failed](std::uint64_t offset, std::size_t n, char* dst) {
        if (failed) return false;
        auto got = s3.client().get_range(a.location, offset, n, a.size, dst);
        if (!got) failed = got.error();
        return got.has_value();
    };
    std::optional<core::Result<workflow::LoadedSnapshot>> snap;
    if (a.size > k_fetch_whole_below) {
        auto reader = archive::Reader::open_ranges(a.size, read, row.path.string());
        if (reader)
            snap = workflow::load_snapshot_reader(std::move(*reader), row.path);
        else
            snap = core::fail(reader.error());
        if (failed && failed->id != "s3-no-range") return core::fail(*failed);
        if (failed) snap.reset();
    }
    if (!snap) {
        auto bytes = s3.client().get_bytes(a.location, std::min(a.size, k_max_archive));
        if (!bytes) return core::fail(bytes.error());
        snap = workflow::load_snapshot_bytes(std::move(*bytes), row.path);
    }
    if (!*snap) {
        row.state = "unreadable";
        row.error = snap->error().message;
        return {};
    }
    row.meta = (*snap)->located.meta;
    row.meta_source = metadata::meta_source_name((*snap)->located.source);
    if (!row.meta && !row.name_time) row.state = "foreign";
    return {};
}

}  // namespace

core::Result<std::vector<workflow::ListedArchive>> list_bucket_rows(S3Session& s3,
                                                                    const s3::Location& folder)
{
    auto archives = list_bucket_archives(s3, folder);
    if (!archives) return core::fail(archives.error());
    auto index = read_index(s3.client(), folder);
    if (!index) return core::fail(index.error());
    std::vector<workflow::ListedArchive> rows;
    for (const auto& a : *archives) {
        workflow::ListedArchive row;
        row.path = a.location.text();
        row.size = a.size;
        row.name_time = metadata::parse_snapshot_name(workflow::plain_file_name(row.path));
        row.sha256 = workflow::SidecarState::not_checked;
        const auto* entry = fresh_index_entry(*index, a);
        std::optional<core::Result<metadata::SealedMeta>> from_index;
        if (entry && entry->contains("record"))
            from_index = metadata::parse_sealed_meta((*entry)["record"].dump());
        if (from_index && *from_index) {
            row.meta = (*from_index)->meta;
            row.meta_source = "record";
        } else if (a.has_record) {
            auto text = s3.client().get_bytes(
                s3::Location{a.location.bucket, a.location.key + ".json"}, k_max_sidecar);
            if (!text) return core::fail(text.error());
            auto sealed = metadata::parse_sealed_meta(*text);
            if (!sealed) {
                row.state = "unreadable";
                row.error = "its record object cannot be read: " + sealed.error().message;
            } else {
                row.meta = sealed->meta;
                row.meta_source = "record";
            }
        } else if (workflow::has_encrypted_name(row.path)) {
            row.state = "unreadable";
            row.error = "an encrypted archive without its record object";
        } else {
            SSOSNAP_TRY(read_archive_meta(s3, a, row));
        }
        workflow::set_sort_key(row);
        rows.push_back(std::move(row));
    }
    workflow::sort_listed(rows);
    return rows;
}

core::Result<workflow::PruneReport> prune_bucket(S3Session& s3, const s3::Location& folder,
                                                 const workflow::PruneOptions& options)
{
    if (!options.policy.rules_given) {
        return core::fail(core::Errc::usage,
                          "no --keep-* rule given: prune would remove every archive", "usage");
    }
    auto rows = list_bucket_rows(s3, folder);
    if (!rows) return core::fail(rows.error());
    std::vector<workflow::PruneItem> items;
    workflow::PruneReport report;
    for (const auto& r : *rows) {
        workflow::PruneItem item;
        item.name = r.path.filename().string();
        if (r.meta && r.meta->time_millis) item.time_millis = r.meta->time_millis;
        std::string description = r.meta ? r.meta->description : "";
        item.protection = workflow::protection_of(description);
        items.push_back(item);
        workflow::PrunedArchive a;
        a.archive = r.path;
        a.sidecars = {r.path.string() + ".sha256", r.path.string() + ".json"};
        a.time_millis = item.time_millis;
        a.description = description;
        a.protection = item.protection;
        report.archives.push_back(std::move(a));
        if (r.state == "unreadable") {
            report.findings.push_back(
                {core::Severity::warning, "unreadable", r.path.string(), r.error + " (kept)"});
        }
    }
    auto verdicts = workflow::apply_policy(items, options.policy, options.include_protected);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        auto& a = report.archives[i];
        a.verdict = verdicts[i];
        if (a.verdict.keep || options.dry_run == workflow::DryRun::yes) continue;
        auto at = s3::parse_location(a.archive.string());
        if (!at) return core::fail(at.error());
        auto gone = s3.client().remove(*at);
        for (const auto& side : a.sidecars) {
            if (!gone) break;
            auto side_at = s3::parse_location(side.string());
            if (side_at) gone = s3.client().remove(*side_at);
        }
        if (!gone) {
            report.findings.push_back(
                {core::Severity::error, "remove-failed", a.archive.string(), gone.error().message});
        } else {
            a.removed = true;
        }
    }
    // The index forgets what was removed (a stale entry would only cost its size).
    auto index = read_index(s3.client(), folder);
    if (index && index->contains("archives")) {
        bool changed = false;
        for (const auto& a : report.archives)
            if (a.removed)
                changed = (*index)["archives"].erase(a.archive.filename().string()) > 0 || changed;
        if (changed)
            (void)s3.client().put_bytes(folder.child(k_index_name), index->dump(),
                                        "application/json");
    }
    std::reverse(report.archives.begin(), report.archives.end());  // newest first
    return report;
}

std::string shown_as(std::string text, const fs::path& dir, const std::string& folder)
{
    const std::string from = (dir / "").string();
    std::string to = folder;
    if (!to.ends_with('/')) to += '/';  // a key at the bucket's top: "s3://BUCKET"
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

StagedFolder::StagedFolder(Context& ctx, std::unique_ptr<S3Session> session, core::TempFolder temp,
                           s3::Location folder, std::vector<workflow::ListedArchive> rows)
    : m_ctx(&ctx), m_session(std::move(session)), m_temp(std::move(temp)),
      m_folder(std::move(folder)), m_rows(std::move(rows))
{
}

core::Result<StagedFolder> StagedFolder::open(Context& ctx, const S3Flags& flags,
                                              const std::string& url)
{
    auto folder = parse_s3_folder(url);
    if (!folder) return core::fail(folder.error());
    auto session = S3Session::open(ctx, flags);
    if (!session) return core::fail(session.error());
    auto rows = list_bucket_rows(**session, *folder);
    if (!rows) return core::fail(rows.error());
    auto temp = core::TempFolder::create("ssosnap-s3-");
    if (!temp) return core::fail(temp.error());
    return StagedFolder(ctx, std::move(*session), std::move(*temp), std::move(*folder),
                        std::move(*rows));
}

core::Result<workflow::ListedArchive> StagedFolder::stage(const workflow::ListedArchive& row)
{
    const auto at = m_folder.child(row.path.filename().string());
    m_ctx->err << "ssosnap: downloading " << core::escape_controls(at.text()) << "\n";
    auto got =
        download_archive(*m_session, at, m_temp.path(), {.size = row.size, .contents = false});
    if (!got) return core::fail(shown(got.error()));
    auto staged = workflow::list_snapshot_file(*got, workflow::SidecarCheck::no);
    staged.error = shown(std::move(staged.error));
    return staged;
}

std::string StagedFolder::shown(std::string text) const
{
    return shown_as(std::move(text), m_temp.path(), m_folder.text());
}

core::Error StagedFolder::shown(core::Error error) const
{
    error.message = shown(std::move(error.message));
    return error;
}

}  // namespace ssosnap::cli
