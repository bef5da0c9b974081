#include "workflow/snapshot_file.hpp"

#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"

#include <array>
#include <fstream>

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

metadata::LocatedMeta locate(const archive::Reader& reader, const std::filesystem::path& path)
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
    return metadata::locate_metadata(names, read, read_sidecar_json(path), k_max_meta_bytes);
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

core::Result<LoadedSnapshot> load_snapshot(const std::filesystem::path& path,
                                           const archive::Limits& limits, SidecarCheck check)
{
    auto reader = archive::Reader::open_file(path, limits);
    if (!reader) return core::fail(reader.error());
    LoadedSnapshot out{path, std::move(*reader), {}, {}, SidecarState::not_checked, {}};
    out.located = locate(out.reader, path);
    out.findings = out.located.findings;
    out.name_time = metadata::parse_snapshot_name(path.filename().string());
    if (!out.name_time) {
        out.findings.push_back(
            {core::Severity::warning, "bad-file-name", path.filename().string(),
             "the name does not follow sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip, so the server "
             "will not list it under this name"});
    }
    if (check == SidecarCheck::yes) {
        auto state = check_sha256_sidecar(path);
        if (!state) return core::fail(state.error());
        out.sha256 = *state;
        if (*state == SidecarState::mismatch) {
            out.findings.push_back({core::Severity::error, "sidecar-mismatch",
                                    sha256_sidecar_path(path).filename().string(),
                                    "the archive's SHA-256 differs from its .sha256 sidecar"});
        }
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
