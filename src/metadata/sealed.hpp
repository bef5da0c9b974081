#pragma once
// The readable record beside an encrypted archive: "NAME.zip.age.json". It lets the commands
// that need only metadata (ls, prune, validate, verify of the stored file) work without the
// identity. It holds the snapshot's known metadata fields and facts about the plaintext zip,
// never anything else from the archive (unknown metadata fields are left out on purpose:
// nothing that might be a secret is copied out of the ciphertext).

#include "core/result.hpp"
#include "metadata/snapshot.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::metadata
{

/// The value of "format" in every sealed record this version writes.
inline constexpr std::string_view k_sealed_format = "ssosnap-age-sidecar/1";

struct SealedMeta {
    std::string archive;               ///< the plaintext file name: "sso-snapshot-….zip"
    std::string sha256;                ///< hex SHA-256 of the plaintext zip
    std::uint64_t bytes = 0;           ///< size of the plaintext zip
    std::uint64_t entries = 0;         ///< entries in its central directory
    std::optional<SnapshotMeta> meta;  ///< known fields only (extra_json is not written)
};

/// Serialises `sealed` as a JSON object (indent < 0: one line).
std::string to_json(const SealedMeta& sealed, int indent = 2);

/// Parses a sealed record. Fails with Errc::input, id "sealed-invalid", when the text is not
/// a JSON object of this format or a field has the wrong type.
core::Result<SealedMeta> parse_sealed_meta(std::string_view json);

}  // namespace ssosnap::metadata
