#include "workflow/snapshot_file.hpp"

#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"

#include <array>
#include <fstream>
#include <optional>
#include <system_error>
#include <thread>

namespace ssosnap::workflow
{
namespace
{

constexpr std::size_t k_max_meta_bytes = std::size_t{1} << 20;

bool is_hex64(std::string_view s)
{
    if (s.size() != 64) return false;
    for (char c : s) {
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) return false;
    }
    return true;
}

std::optional<std::string> read_sidecar_json(const std::filesystem::path& archive)
{
    auto path = json_sidecar_path(archive);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    auto text = core::read_file(path, k_max_meta_bytes);
    if (!text) return std::nullopt;
    return std::move(*text);
}

metadata::LocatedMeta locate(const archive::Reader& reader,
                             const std::optional<std::string>& sidecar_json)
{
    std::vector<std::string_view> names;
    names.reserve(reader.entries().size());
    for (const auto& e : reader.entries())
        names.emplace_back(e.name);
    auto read = [&reader](const std::string& name) -> std::optional<std::string> {
        auto i = reader.find(name);
        if (!i || reader.entries()[*i].size > k_max_meta_bytes) return std::nullopt;
        auto data = reader.read(*i);
        if (!data) return std::nullopt;
        return std::move(*data);
    };
    return metadata::locate_metadata(names, read, sidecar_json, k_max_meta_bytes);
}

}  // namespace

const char* sidecar_state_name(SidecarState state)
{
    switch (state) {
    case SidecarState::absent:
        return "absent";
    case SidecarState::match:
        return "match";
    case SidecarState::mismatch:
        return "mismatch";
    case SidecarState::not_checked:
        return "not-checked";
    }
    return "not-checked";
}

namespace
{

// Where the bytes came from: a plain file (its "<name>.json" record sidecar is read), an age
// file (its sealed record is not snapshot metadata), or memory (no file, no sidecar).
enum class Origin { file, age_file, memory };

LoadedSnapshot finish_load(std::filesystem::path path, archive::Reader reader, Origin origin)
{
    LoadedSnapshot out{
        std::move(path),           std::move(reader), {}, {}, SidecarState::not_checked, {},
        origin == Origin::age_file};
    out.located =
        locate(out.reader, origin == Origin::file ? read_sidecar_json(out.path) : std::nullopt);
    out.findings = out.located.findings;
    out.name_time = metadata::parse_snapshot_name(plain_file_name(out.path));
    if (!out.name_time) {
        out.findings.push_back(
            {core::Severity::warning, "bad-file-name", out.path.filename().string(),
             "the name does not follow sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip, so the server "
             "will not list it under this name"});
    }
    return out;
}

// `plain_sha256`: the decrypted zip's digest, made while it was decrypted.
void check_sealed(LoadedSnapshot& out, const std::string& plain_sha256)
{
    auto sealed = read_sealed_sidecar(out.path);
    const std::string name = sealed_sidecar_path(out.path).filename().string();
    if (!sealed) {
        out.findings.push_back(
            {core::Severity::error, sealed.error().id, name, sealed.error().message});
        return;
    }
    if (!*sealed) return;
    if (!core::iequals(plain_sha256, (*sealed)->sha256)) {
        out.findings.push_back({core::Severity::error, "sealed-mismatch", name,
                                "the decrypted zip's SHA-256 differs from the one in the "
                                "encrypted archive's readable sidecar"});
    }
}

}  // namespace

std::uint64_t max_decrypted_bytes(const archive::Limits& limits)
{
    return limits.max_total_size + (std::uint64_t{64} << 20);
}

std::string plain_file_name(const std::filesystem::path& path)
{
    auto name = path.filename().string();
    if (has_encrypted_name(path)) name.resize(name.size() - crypt::k_suffix.size());
    return name;
}

bool has_encrypted_name(const std::filesystem::path& path)
{
    const auto name = path.filename().string();
    return name.size() > 8 && name.ends_with(".zip.age");
}

core::Result<LoadedSnapshot> load_snapshot_bytes(std::string bytes,
                                                 const std::filesystem::path& path,
                                                 const archive::Limits& limits)
{
    auto reader = archive::Reader::open_memory(std::move(bytes), path.string(), limits);
    if (!reader) return core::fail(reader.error());
    return finish_load(path, std::move(*reader), Origin::memory);
}

LoadedSnapshot load_snapshot_reader(archive::Reader reader, const std::filesystem::path& path)
{
    return finish_load(path, std::move(reader), Origin::memory);
}

namespace
{

// Records what check_sha256_sidecar() found for `path`: its state, and an error finding on a
// mismatch.
core::Result<void> record_sidecar(core::Result<SidecarState> checked,
                                  const std::filesystem::path& path, SidecarState& state,
                                  std::vector<core::Finding>& findings)
{
    if (!checked) return core::fail(checked.error());
    state = *checked;
    if (state == SidecarState::mismatch) {
        findings.push_back({core::Severity::error, "sidecar-mismatch",
                            sha256_sidecar_path(path).filename().string(),
                            "the archive's SHA-256 differs from its .sha256 sidecar"});
    }
    return {};
}

core::Result<void> check_sidecar_into(const std::filesystem::path& path, SidecarState& state,
                                      std::vector<core::Finding>& findings)
{
    return record_sidecar(check_sha256_sidecar(path), path, state, findings);
}

// check_sha256_sidecar() of an age file on its own thread, started before age decrypts the
// same file: the stored file's digest is made beside age's work and the plaintext's, not
// after them. Runs in the caller when no thread can be started.
class BackgroundSidecarCheck
{
public:
    explicit BackgroundSidecarCheck(std::filesystem::path path) : m_path(std::move(path))
    {
        try {
            m_thread = std::jthread([this] { m_result = check_sha256_sidecar(m_path); });
        } catch (const std::system_error&) {
            m_result = check_sha256_sidecar(m_path);
        }
    }
    BackgroundSidecarCheck(const BackgroundSidecarCheck&) = delete;
    BackgroundSidecarCheck& operator=(const BackgroundSidecarCheck&) = delete;
    BackgroundSidecarCheck(BackgroundSidecarCheck&&) = delete;
    BackgroundSidecarCheck& operator=(BackgroundSidecarCheck&&) = delete;
    ~BackgroundSidecarCheck() = default;
    /// Waits for the check: what check_sha256_sidecar() returned.
    core::Result<SidecarState> result()
    {
        if (m_thread.joinable()) m_thread.join();
        return m_result;
    }

private:
    std::filesystem::path m_path;
    core::Result<SidecarState> m_result = SidecarState::not_checked;
    std::jthread m_thread;  ///< last: joined (on destruction too) before the members above go
};

core::Result<LoadedSnapshot> load_encrypted(const std::filesystem::path& path,
                                            const archive::Limits& limits, SidecarCheck check,
                                            const crypt::AgeOptions& age)
{
    // Beside age only when age will run: without an identity, decrypting fails at once.
    std::optional<BackgroundSidecarCheck> sidecar;
    if (check == SidecarCheck::yes && !age.identities.empty()) sidecar.emplace(path);
    auto plain = crypt::decrypt_file(age, path, max_decrypted_bytes(limits));
    if (!plain)
        return core::fail(plain.error().with_context("decrypting " + core::quote(path.string())));
    auto reader = archive::Reader::open_memory(std::move(plain->plaintext), path.string(), limits);
    if (!reader) return core::fail(reader.error());
    LoadedSnapshot out = finish_load(path, std::move(*reader), Origin::age_file);
    check_sealed(out, plain->sha256);
    if (check == SidecarCheck::yes) {
        SSOSNAP_TRY(record_sidecar(sidecar ? sidecar->result() : check_sha256_sidecar(path), path,
                                   out.sha256, out.findings));
    }
    return out;
}

}  // namespace

core::Result<LoadedSnapshot> load_snapshot(const std::filesystem::path& path,
                                           const archive::Limits& limits, SidecarCheck check,
                                           const crypt::AgeOptions& age)
{
    if (crypt::is_age_file(path)) return load_encrypted(path, limits, check, age);
    auto reader = archive::Reader::open_file(path, limits);
    if (!reader) return core::fail(reader.error());
    LoadedSnapshot out = finish_load(path, std::move(*reader), Origin::file);
    if (check == SidecarCheck::yes) SSOSNAP_TRY(check_sidecar_into(path, out.sha256, out.findings));
    return out;
}

bool needs_identity(const core::Error& error)
{
    return error.id == "age-no-identity";
}

core::Result<SealedView> load_sealed(const std::filesystem::path& path, SidecarCheck check)
{
    auto sealed = read_sealed_sidecar(path);
    if (!sealed) return core::fail(sealed.error());
    if (!*sealed) {
        return core::fail(core::Errc::input,
                          core::quote(path.string()) +
                              " is encrypted and has no readable sidecar " +
                              core::quote(sealed_sidecar_path(path).filename().string()) +
                              ": pass --identity FILE (or set SSOSNAP_AGE_IDENTITY) to read it",
                          "age-no-identity");
    }
    SealedView out;
    out.path = path;
    out.sealed = std::move(**sealed);
    out.name_time = metadata::parse_snapshot_name(plain_file_name(path));
    if (!out.name_time) {
        out.findings.push_back(
            {core::Severity::warning, "bad-file-name", path.filename().string(),
             "the name does not follow sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip.age, so the server "
             "will not list it under this name"});
    }
    if (check == SidecarCheck::yes) SSOSNAP_TRY(check_sidecar_into(path, out.sha256, out.findings));
    out.findings.push_back({core::Severity::info, "not-decrypted", path.filename().string(),
                            "encrypted and no --identity given: entries, CRC-32s, lint and the "
                            "metadata inside were not checked; the metadata shown is the "
                            "readable sidecar's"});
    return out;
}

std::filesystem::path sealed_sidecar_path(const std::filesystem::path& archive)
{
    return std::filesystem::path(archive.string() + ".json");
}

core::Result<std::optional<metadata::SealedMeta>>
read_sealed_sidecar(const std::filesystem::path& archive)
{
    const auto path = sealed_sidecar_path(archive);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<metadata::SealedMeta>{};
    auto text = core::read_file(path, k_max_meta_bytes);
    if (!text) return core::fail(text.error());
    auto sealed = metadata::parse_sealed_meta(*text);
    if (!sealed) return core::fail(sealed.error());
    return std::optional<metadata::SealedMeta>(std::move(*sealed));
}

core::Result<WrittenEncrypted> write_encrypted_snapshot(const crypt::AgeOptions& age,
                                                        std::string_view plaintext,
                                                        const LoadedSnapshot& loaded,
                                                        const std::filesystem::path& to)
{
    auto written = crypt::encrypt_to_file(age, plaintext, to, core::Overwrite::no);
    if (!written) return core::fail(written.error());
    return seal_encrypted_snapshot(*written, loaded, plaintext.size(), to);
}

core::Result<WrittenEncrypted> seal_encrypted_snapshot(const crypt::Encrypted& written,
                                                       const LoadedSnapshot& loaded,
                                                       std::uint64_t plain_bytes,
                                                       const std::filesystem::path& to)
{
    WrittenEncrypted out;
    out.path = to;
    out.sealed.archive = plain_file_name(to);
    out.sealed.bytes = plain_bytes;
    out.sealed.entries = loaded.reader.entries().size();
    out.sealed.meta = loaded.located.meta;
    out.sealed.sha256 = written.plain_sha256;
    out.sha256 = written.sha256;
    out.bytes = written.bytes;
    auto sidecars = [&]() -> core::Result<void> {
        SSOSNAP_TRY(write_sha256_sidecar(to, out.sha256));
        return core::write_file_atomic(sealed_sidecar_path(to), metadata::to_json(out.sealed),
                                       core::FileMode::shared);
    }();
    if (!sidecars) {
        std::error_code ec;
        std::filesystem::remove(to, ec);
        std::filesystem::remove(sha256_sidecar_path(to), ec);
        return core::fail(sidecars.error());
    }
    return out;
}

std::filesystem::path sha256_sidecar_path(const std::filesystem::path& archive)
{
    return std::filesystem::path(archive.string() + ".sha256");
}

std::filesystem::path json_sidecar_path(const std::filesystem::path& archive)
{
    auto p = archive;
    return p.replace_extension(".json");
}

core::Result<std::string> sha256_of_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail(core::Errc::input, "cannot open " + core::quote(path.string()));
    core::Sha256 hash;
    std::array<char, 65536> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        hash.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return core::fail(core::Errc::input, "cannot read " + core::quote(path.string()));
    return hash.hex_digest();
}

core::Result<void> write_sha256_sidecar(const std::filesystem::path& archive)
{
    auto hex = sha256_of_file(archive);
    if (!hex) return core::fail(hex.error());
    return write_sha256_sidecar(archive, *hex);
}

core::Result<void> write_sha256_sidecar(const std::filesystem::path& archive,
                                        const std::string& hex)
{
    return core::write_file_atomic(sha256_sidecar_path(archive),
                                   hex + "  " + archive.filename().string() + "\n",
                                   core::FileMode::shared);
}

core::Result<SidecarState> check_sha256_sidecar(const std::filesystem::path& archive)
{
    auto sidecar = sha256_sidecar_path(archive);
    std::error_code ec;
    if (!std::filesystem::exists(sidecar, ec)) return SidecarState::absent;
    auto text = core::read_file(sidecar, 4096);
    if (!text) return core::fail(text.error());
    auto line = core::trim(*text);
    auto want = line.substr(0, line.find_first_of(" \t"));
    if (!is_hex64(want)) return SidecarState::mismatch;
    auto have = sha256_of_file(archive);
    if (!have) return core::fail(have.error());
    return core::iequals(*have, want) ? SidecarState::match : SidecarState::mismatch;
}

}  // namespace ssosnap::workflow
