#pragma once
// s3://BUCKET/PREFIX/ locations for the commands (issue 19): the S3 flags, a session (libcurl
// transport with retries + s3::Client), and the two moves every command builds on:
//   upload_archive()   an archive and its sidecars from a local folder into a bucket folder
//                      (sidecars first, the archive last, then read back: size and SHA-256);
//   download_archive() an archive and its sidecars from a bucket into a local folder (atomic
//                      writes, the SHA-256 checked against the .sha256 sidecar object).
// Readers (verify, inspect, diff, restore, ...) stage an s3:// archive into a private 0700
// temporary folder, removed on every path (signals included), and read it from there; what
// they print names the s3:// location, never the staged copy. Only the ciphertext of an
// encrypted archive is ever staged.

#include "cli/context.hpp"
#include "core/finding.hpp"
#include "core/interrupt.hpp"
#include "core/result.hpp"
#include "rest/curl_transport.hpp"
#include "rest/retry.hpp"
#include "s3/client.hpp"
#include "workflow/prune.hpp"
#include "workflow/snapshot_folder.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct S3Flags {
    s3::Overrides overrides;
    std::string ca_bundle;   ///< --s3-ca-bundle, else AWS_CA_BUNDLE
    bool no_verify = false;  ///< --s3-no-verify-ssl
};

/// Adds --endpoint-url, --region, --aws-profile, --path-style, --s3-ca-bundle and
/// --s3-no-verify-ssl (help group "S3") to `command`.
void add_s3_flags(CLI::App& command, S3Flags& flags);

/// A connection to an S3 endpoint.
class S3Session
{
public:
    /// Resolves the settings (s3::resolve_settings with ctx.env) and builds the client.
    static core::Result<std::unique_ptr<S3Session>> open(Context& ctx, const S3Flags& flags);
    s3::Client& client() { return m_client; }
    /// Keys a listing page asks for: 1000 (S3's most), or SSOSNAP_S3_PAGE_SIZE (1–1000).
    int page_size() const { return m_page_size; }

private:
    S3Session(s3::Settings settings, Context& ctx);
    rest::CurlTransport m_curl;
    rest::RetryingTransport m_retrying;
    s3::Client m_client;
    int m_page_size = 1000;
};

/// Parses an s3:// location that must be a folder ("s3://b/p" is taken as "s3://b/p/").
core::Result<s3::Location> parse_s3_folder(const std::string& text);

/// What upload_archive() stored.
struct UploadedArchive {
    s3::Location location;
    std::uint64_t size = 0;
    std::string etag;    ///< as the read-back saw it
    std::string record;  ///< the readable record's JSON, also in the folder's index
};

/// Uploads `archive` (NAME.zip or NAME.zip.age) and its sidecars into `folder`: ARCHIVE.sha256
/// (made when missing; an existing one must match), the readable record ARCHIVE.json (an
/// encrypted archive's sealed record; for a plain zip one is made from its metadata), then the
/// archive; then HEADs the archive and checks its size and SHA-256. The archive is read twice
/// (hash, upload). Call add_to_index() afterwards.
core::Result<UploadedArchive> upload_archive(S3Session& s3, const std::filesystem::path& archive,
                                             const s3::Location& folder);

/// "PREFIX/.ssosnap-index.json": every archive ssosnap uploaded into the folder, with its size,
/// ETag and record, so `ls` reads one object instead of one per archive. A cache, never the
/// truth: an entry counts only while the listing shows the same size and ETag. Read, changed
/// and written back (concurrent writers may drop each other's entries: those archives are then
/// read from their record objects).
inline constexpr const char* k_index_name = ".ssosnap-index.json";

/// Adds (or replaces) the entries of `uploaded` in `folder`'s index.
core::Result<void> add_to_index(S3Session& s3, const s3::Location& folder,
                                const std::vector<UploadedArchive>& uploaded);

/// What download_archive() checks besides the .sha256 object.
struct DownloadChecks {
    /// The size the folder's listing gave: the body must be exactly that long (a server that
    /// sends more is cut off there, exit 4 "s3-size-mismatch").
    std::optional<std::uint64_t> size;
    /// Check the bytes are what the name says before they get it: a plain zip inflated entry by
    /// entry (CRC-32), a .zip.age an age file. For a copy that stays (`copy`): its .sha256
    /// sidecar is about to vouch for it. Staged copies are checked by the command reading them.
    bool contents = false;
};

/// Downloads the archive `at` into `dir` (created), with its .sha256 sidecar and, for
/// NAME.zip.age, its record; never over an existing file (Errc::input, "exists"). The archive is
/// checked against the sidecar's SHA-256 (Errc::input, "sidecar-mismatch") and `checks`
/// (Errc::input, "bad-archive") before it is renamed into place. Returns its path.
core::Result<std::filesystem::path> download_archive(S3Session& s3, const s3::Location& at,
                                                     const std::filesystem::path& dir,
                                                     const DownloadChecks& checks = {});

/// An s3:// archive staged for a command that reads local files: open() downloads it into a
/// private temporary folder (removed when this object dies, or on SIGINT/SIGTERM).
class StagedArchive
{
public:
    /// For a local `arg` nothing happens and path() is `arg`. For "s3://…" the archive is
    /// downloaded (progress on ctx.err) and path() is the staged copy.
    static core::Result<StagedArchive> open(Context& ctx, const std::string& arg,
                                            const S3Flags& flags);
    const std::filesystem::path& path() const { return m_path; }
    bool staged() const { return m_folder.has_value(); }
    /// Returns `text` (a message, a finding, a path) with the staged folder named by the bucket
    /// folder it mirrors: "TMP/ssosnap-s3-XXXX/NAME.zip.sha256" becomes
    /// "s3://BUCKET/DIR/NAME.zip.sha256". What a command prints names the location the user
    /// gave, never the temporary copy. For a local archive `text` is returned as it is.
    std::string shown(std::string text) const;
    /// Uploads `archive` (a safety snapshot's copy written beside the staged archive) into the
    /// bucket folder the staged archive came from; returns its location. For a local archive
    /// nothing happens and `archive` is returned.
    core::Result<std::string> publish_beside(const std::filesystem::path& archive);

private:
    std::filesystem::path m_path;
    std::optional<core::TempFolder> m_folder;
    std::optional<s3::Location> m_source;
    std::unique_ptr<S3Session> m_session;
};

/// The archive arguments of a command that reads archives (verify, inspect, validate, diff,
/// textconv, extract, restore), each s3:// one staged (StagedArchive), in the order given. The
/// command keeps its arguments as typed and prints those; it reads path(i), and passes what the
/// readers say (errors, findings) through shown() before rendering it.
class StagedArchives
{
public:
    /// Stages every s3:// one of `args` (a local or empty one is kept as it is). Fails with the
    /// first download's error; what was staged so far is removed.
    static core::Result<StagedArchives> open(Context& ctx, const S3Flags& flags,
                                             const std::vector<std::string>& args);
    /// The local file to read for args[i]: its staged copy, or args[i] itself.
    const std::filesystem::path& path(std::size_t i) const { return m_archives.at(i).path(); }
    /// The staged args[i] (restore publishes its safety copy beside it).
    StagedArchive& archive(std::size_t i) { return m_archives.at(i); }
    /// StagedArchive::shown() for every staged archive.
    std::string shown(std::string text) const;
    /// `error` with its message shown().
    core::Error shown(core::Error error) const;
    /// `findings` with each path and message shown().
    std::vector<core::Finding> shown(std::vector<core::Finding> findings) const;

private:
    std::vector<StagedArchive> m_archives;
};

/// Where a backup goes: a local folder, or s3://BUCKET/PREFIX/ through a private temporary
/// folder (the workflow writes there; publish() uploads and the folder is removed).
class BackupDestination
{
public:
    /// Resolves the S3 settings first, so missing credentials fail before any server is asked.
    static core::Result<BackupDestination> open(Context& ctx, const std::string& to,
                                                const S3Flags& flags);
    /// The folder the backup writes into.
    const std::filesystem::path& local_dir() const { return m_local; }
    bool is_s3() const { return m_session != nullptr; }
    /// After a backup wrote `archive` into local_dir(): for S3 uploads it with its sidecars
    /// (upload_archive). Returns where the archive now is ("s3://…" or the local path).
    core::Result<std::string> publish(const std::filesystem::path& archive);

private:
    std::filesystem::path m_local;
    std::optional<s3::Location> m_folder;
    std::optional<core::TempFolder> m_temp;
    std::unique_ptr<S3Session> m_session;
};

/// The archives directly inside `folder` (keys ending in .zip or .zip.age, no further '/'),
/// and which sidecar objects exist, from one listing.
struct BucketArchive {
    s3::Location location;
    std::uint64_t size = 0;
    std::string etag;
    bool has_sha256 = false;
    bool has_record = false;
};
core::Result<std::vector<BucketArchive>> list_bucket_archives(S3Session& s3,
                                                              const s3::Location& folder);

/// The `ls` rows of a bucket folder: each archive's metadata from its record object
/// (ARCHIVE.json, meta_source "record") without downloading the archive; an archive without a
/// record is downloaded into memory (at most 4 GiB) and read. Oldest first, as for a folder;
/// each row's path is its s3:// location. A broken archive is a row, never a failure.
core::Result<std::vector<workflow::ListedArchive>> list_bucket_rows(S3Session& s3,
                                                                    const s3::Location& folder);

/// prune over a bucket folder: the same policy as workflow::prune_folder; a removed archive takes
/// its .sha256 and .json record objects with it (sidecars first kept, archive deleted first).
core::Result<workflow::PruneReport> prune_bucket(S3Session& s3, const s3::Location& folder,
                                                 const workflow::PruneOptions& options);

/// Returns `text` with every mention of the staged folder `dir` ("DIR/NAME.zip") named by the
/// bucket folder it mirrors (`folder`, "s3://BUCKET/PREFIX/" + "NAME.zip"): what a command
/// prints names the location the user gave, never a temporary copy.
std::string shown_as(std::string text, const std::filesystem::path& dir, const std::string& folder);

/// A bucket folder walked by a command that reads local archives (`log`): open() lists its
/// archives from their record objects (list_bucket_rows: nothing downloaded), and stage()
/// downloads one archive when the walk first needs it, into a private temporary folder removed
/// when this object dies (or on SIGINT/SIGTERM), under its own file name. `log -n 5` over a
/// year of backups downloads six archives, not 365.
class StagedFolder
{
public:
    static core::Result<StagedFolder> open(Context& ctx, const S3Flags& flags,
                                           const std::string& url);
    /// The folder's archives, oldest first (list_bucket_rows); each row's path is its s3://
    /// location.
    const std::vector<workflow::ListedArchive>& rows() const { return m_rows; }
    /// Downloads the archive of `row` (one of rows()), checked against its .sha256 object, and
    /// reads it: the row as the archive itself says (list_snapshot_file), its path the staged
    /// copy, its error named by shown(). Fails with Errc::input when the archive cannot be staged
    /// for what it is (a different .sha256 object, gone meanwhile), so a walk can skip it as it
    /// skips an unreadable local archive; credentials, network and server errors are others.
    core::Result<workflow::ListedArchive> stage(const workflow::ListedArchive& row);
    /// shown_as() for this folder.
    std::string shown(std::string text) const;
    /// `error` with its message passed through shown().
    core::Error shown(core::Error error) const;

private:
    StagedFolder(Context& ctx, std::unique_ptr<S3Session> session, core::TempFolder temp,
                 s3::Location folder, std::vector<workflow::ListedArchive> rows);
    Context* m_ctx;  ///< progress goes to its err
    std::unique_ptr<S3Session> m_session;
    core::TempFolder m_temp;
    s3::Location m_folder;
    std::vector<workflow::ListedArchive> m_rows;
};

}  // namespace ssosnap::cli
