#include "workflow/fetch.hpp"

#include "archive/lint.hpp"
#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "metadata/file_name.hpp"

#include <fstream>
#include <system_error>

namespace ssosnap::workflow
{

namespace fs = std::filesystem;

core::Result<std::vector<core::Finding>>
check_snapshot_file(const fs::path& path, SidecarCheck sidecar, bool ignore_name, CheckDepth depth)
{
    auto loaded = load_snapshot(path, {}, sidecar);
    if (!loaded) return core::fail(loaded.error());
    return check_loaded_snapshot(*loaded, ignore_name, depth);
}

std::vector<core::Finding> check_loaded_snapshot(const LoadedSnapshot& loaded, bool ignore_name,
                                                 CheckDepth depth)
{
    auto findings = archive::lint_structure(loaded.reader);
    if (depth == CheckDepth::contents) {
        auto contents = archive::lint_contents(loaded.reader);
        findings.insert(findings.end(), contents.begin(), contents.end());
    }
    for (const auto& f : loaded.findings) {
        if (ignore_name && f.code == "bad-file-name") continue;
        findings.push_back(f);
    }
    return findings;
}

const core::Finding* first_error(const std::vector<core::Finding>& findings)
{
    for (const auto& f : findings) {
        if (f.severity == core::Severity::error) return &f;
    }
    return nullptr;
}

core::Result<CopiedFile> copy_file_atomic(const fs::path& from, const fs::path& to,
                                          const TempCheck& check)
{
    std::ifstream in(from, std::ios::binary);
    if (!in) {
        return core::fail(core::Errc::input, "cannot open " + core::quote(from.string()),
                          "unreadable");
    }
    auto out = core::AtomicFile::create(to, core::FileMode::secret, core::Overwrite::no);
    if (!out) return core::fail(out.error());
    std::string buffer(1 << 16, '\0');
    core::Sha256 hash;
    std::uint64_t total = 0;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        const std::string_view chunk(buffer.data(), n);
        SSOSNAP_TRY(out->write(chunk));
        hash.update(chunk);
        total += n;
    }
    if (in.bad()) {
        return core::fail(core::Errc::input, "cannot read " + core::quote(from.string()),
                          "unreadable");
    }
    if (check) SSOSNAP_TRY(check(out->temp_path()));
    SSOSNAP_TRY(out->commit());
    return CopiedFile{total, hash.hex_digest()};
}

namespace
{

// Checks a fetched archive on its temporary (so a bad one never gets the final name) and
// keeps the findings for the caller.
TempCheck usable_snapshot(std::vector<core::Finding>& findings)
{
    return [&findings](const fs::path& temp) -> core::Result<void> {
        auto found = check_snapshot_file(temp, SidecarCheck::no, true);  // a temporary name
        if (!found) return core::fail(found.error());
        if (const core::Finding* bad = first_error(*found)) {
            return core::fail(core::Errc::remote,
                              std::string(k_not_intact) + ": " + bad->code + ": " + bad->message,
                              bad->code);
        }
        findings = std::move(*found);
        return {};
    };
}

core::Result<Fetched> copy_from_dir(const std::string& id, const fs::path& to, const fs::path& dir,
                                    const TempCheck& check)
{
    const fs::path source = dir / (id + ".zip");
    auto copied = copy_file_atomic(source, to, check);
    if (!copied) {
        return core::fail(copied.error().with_context("copying snapshot " + core::quote(id) +
                                                      " from " + core::quote(dir.string())));
    }
    Fetched f;
    f.path = to;
    f.sha256 = std::move(copied->sha256);
    f.bytes = copied->bytes;
    f.copied = true;
    return f;
}

core::Result<void> check_id(const std::string& id)
{
    // The second wall behind metadata::parse_snapshot_list: `id` names the file to read in
    // the mounted folder and the file to write, so nothing but the documented form gets here.
    if (!metadata::is_snapshot_id(id)) {
        return core::fail(core::Errc::remote,
                          "refusing the unsafe snapshot id " + core::quote(id) +
                              " (only sso-snapshot-YYYY-MM-DD-HH_MM_SS is accepted)",
                          "bad-id");
    }
    return {};
}

core::Unexpected no_download(const std::string& id)
{
    return core::fail(core::Errc::remote,
                      "the server has no download endpoint (HTTP 404): snapshot " +
                          core::quote(id) + " is on the server as " + id +
                          ".zip in the kerberos_snapshots folder of its application "
                          "home; mount that folder and pass --from-dir, or copy it by "
                          "other means",
                      "no-download");
}

core::Result<std::string> read_from_dir(const std::string& id, const fs::path& dir)
{
    const fs::path source = dir / (id + ".zip");
    auto bytes = core::read_file(source);
    if (!bytes) {
        return core::fail(bytes.error().with_context("copying snapshot " + core::quote(id) +
                                                     " from " + core::quote(dir.string())));
    }
    return bytes;
}

// The bytes of `id`: downloaded (`download` sees them arrive), or read from the mounted
// folder when options prefer it or the server has no download endpoint (`copied` says so).
core::Result<std::string> bring_bytes(rest::KantegaClient& client, const std::string& id,
                                      const FetchOptions& options,
                                      const rest::MemoryDownloadOptions& download, bool& copied)
{
    copied = false;
    if (options.snapshots_dir && options.prefer_dir) {
        copied = true;
        return read_from_dir(id, *options.snapshots_dir);
    }
    auto bytes = client.download_snapshot_bytes(id, download);
    if (!bytes && bytes.error().id == "http-404") {
        if (!options.snapshots_dir) return no_download(id);
        copied = true;
        return read_from_dir(id, *options.snapshots_dir);
    }
    return bytes;
}

// The zip in memory, opened and checked like a downloaded file.
core::Result<FetchedMemory> checked_in_memory(std::string bytes, const std::string& id, bool copied)
{
    auto loaded = load_snapshot_bytes(std::move(bytes), id + ".zip");
    if (!loaded) return core::fail(loaded.error().with_context("snapshot " + core::quote(id)));
    auto findings = check_loaded_snapshot(*loaded, true);
    if (const core::Finding* bad = first_error(findings)) {
        return core::fail(core::Errc::remote,
                          "the snapshot is not intact: " + bad->code + ": " + bad->message,
                          bad->code);
    }
    return FetchedMemory{std::move(*loaded), copied, std::move(findings)};
}

// How much arrives before it is passed on to age: large writes, few wake-ups.
constexpr std::size_t k_age_batch = std::size_t{1} << 20;

// The download is handed to age while it arrives, so age encrypts on one core while the rest
// is received on the other (not all of it first, then age alone). The zip is checked once
// complete, while age finishes; a bad one stops age and nothing gets the name `to`.
core::Result<Fetched> fetch_encrypted(rest::KantegaClient& client, const std::string& id,
                                      const fs::path& to, const FetchOptions& options)
{
    auto writer = crypt::AgeWriter::start(options.encrypt, to);
    if (!writer) return core::fail(writer.error());
    std::size_t sent = 0;  // bytes of the body handed to age
    rest::MemoryDownloadOptions download;
    download.progress = options.progress;
    download.received = [&writer, &sent](std::string_view received) -> core::Result<void> {
        if (received.size() - sent < k_age_batch) return {};
        SSOSNAP_TRY(writer->write(received.substr(sent)));
        sent = received.size();
        return {};
    };
    download.restarted = [&writer, &sent, &options, &to]() -> core::Result<void> {
        if (sent == 0) return {};
        writer = crypt::AgeWriter::start(options.encrypt, to);  // the old run stops
        sent = 0;
        if (!writer) return core::fail(writer.error());
        return {};
    };
    bool copied = false;
    auto bytes = bring_bytes(client, id, options, download, copied);
    if (!bytes) return core::fail(bytes.error());
    if (!writer) return core::fail(writer.error());
    SSOSNAP_TRY(writer->write(std::string_view(*bytes).substr(sent)));
    const std::uint64_t plain_bytes = bytes->size();
    auto got = checked_in_memory(std::move(*bytes), id, copied);
    if (!got) return core::fail(got.error());
    auto encrypted = writer->finish();
    if (!encrypted) return core::fail(encrypted.error());
    auto written = seal_encrypted_snapshot(*encrypted, got->loaded, plain_bytes, to);
    if (!written) return core::fail(written.error());
    Fetched f;
    f.path = to;
    f.sha256 = written->sha256;
    f.bytes = written->bytes;
    f.copied = got->copied;
    f.findings = std::move(got->findings);
    return f;
}

}  // namespace

core::Result<FetchedMemory> fetch_snapshot_memory(rest::KantegaClient& client,
                                                  const std::string& id,
                                                  const FetchOptions& options)
{
    SSOSNAP_TRY(check_id(id));
    rest::MemoryDownloadOptions download;
    download.progress = options.progress;
    bool copied = false;
    auto bytes = bring_bytes(client, id, options, download, copied);
    if (!bytes) return core::fail(bytes.error());
    return checked_in_memory(std::move(*bytes), id, copied);
}

core::Result<Fetched> fetch_snapshot(rest::KantegaClient& client, const std::string& id,
                                     const fs::path& to, const FetchOptions& options)
{
    SSOSNAP_TRY(check_id(id));
    if (crypt::encrypts(options.encrypt)) return fetch_encrypted(client, id, to, options);
    Fetched got;
    std::vector<core::Finding> findings;
    const TempCheck check = usable_snapshot(findings);
    if (options.snapshots_dir && options.prefer_dir) {
        auto copied = copy_from_dir(id, to, *options.snapshots_dir, check);
        if (!copied) return copied;
        got = std::move(*copied);
    } else {
        rest::DownloadOptions dl;
        dl.progress = options.progress;
        dl.check = check;
        auto downloaded = client.download_snapshot(id, to, dl);
        if (downloaded) {
            got.path = downloaded->path;
            got.sha256 = downloaded->sha256;
            got.bytes = downloaded->bytes;
        } else if (downloaded.error().id == "http-404" && options.snapshots_dir) {
            auto copied = copy_from_dir(id, to, *options.snapshots_dir, check);
            if (!copied) return copied;
            got = std::move(*copied);
        } else if (downloaded.error().id == "http-404") {
            return no_download(id);
        } else {
            return core::fail(downloaded.error());
        }
    }
    got.findings = std::move(findings);
    if (auto side = write_sha256_sidecar(got.path, got.sha256); !side) {
        std::error_code ec;
        fs::remove(got.path, ec);
        return core::fail(side.error());
    }
    return got;
}

}  // namespace ssosnap::workflow
