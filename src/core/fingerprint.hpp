#pragma once
// Keyed fingerprints for redacted secrets: HMAC-SHA-256 under a random per-user key, so that
// equal secrets show equal fingerprints on one machine while a leaked diff cannot be
// brute-forced (an unkeyed hash of "Winter2024!" falls to a word list). The HMAC comes from
// OpenSSL's libcrypto (linked PRIVATE); this header is std only.

#include "core/result.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ssosnap::core
{

/// 32 random bytes keying the fingerprints of one user.
using FingerprintKey = std::array<std::uint8_t, 32>;

/// Hex digits of the HMAC shown in a keyed fingerprint (48 bits).
inline constexpr std::size_t k_fingerprint_hex_digits = 12;

/// Returns "hmac:" + the first k_fingerprint_hex_digits hex digits of
/// HMAC-SHA-256(key, data). Never fails (aborts only if libcrypto itself cannot run).
std::string keyed_fingerprint(const FingerprintKey& key, std::string_view data);

/// Returns 32 fresh random bytes from the system's CSPRNG (OpenSSL RAND_bytes).
FingerprintKey random_fingerprint_key();

/// Returns the key stored in `file` (64 hex digits and an optional newline). When `file`
/// does not exist, creates it (0600, atomically, never replacing a file another process
/// created meanwhile: then that file's key is returned) with a fresh random key, creating its
/// folder 0700 first. Fails with Errc::input naming the file when it cannot be read, holds
/// anything else, or cannot be created.
Result<FingerprintKey> load_or_create_fingerprint_key(const std::filesystem::path& file);

/// Returns the key file's usual place: $XDG_CONFIG_HOME/ssosnap/fingerprint.key, or
/// $HOME/.config/ssosnap/fingerprint.key when XDG_CONFIG_HOME is unset or empty; an empty
/// path when neither is set.
std::filesystem::path fingerprint_key_path(const std::string& xdg_config_home,
                                           const std::string& home);

}  // namespace ssosnap::core
