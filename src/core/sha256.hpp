#pragma once
// SHA-256, streaming, computed by OpenSSL's libcrypto (EVP): used for .sha256 sidecars and for
// the short hashes that tell whether a non-secret binary changed (redacted secrets use the
// keyed fingerprints of core/fingerprint.hpp, never these). The header names no OpenSSL type
// (the context is opaque here); core links libcrypto PRIVATE and owns it (docs/architecture.md).

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ssosnap::core
{

class Sha256
{
public:
    /// Starts a digest. Throws std::bad_alloc when libcrypto cannot allocate its context (the
    /// only way its SHA-256 fails), like a std container that cannot grow.
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    /// Feeds bytes; may be called any number of times before digest().
    void update(std::string_view data);
    /// Finishes and returns the 32-byte digest. The object must not be updated afterwards.
    std::array<std::uint8_t, 32> digest();
    /// Finishes and returns the digest as 64 lower-case hex characters.
    std::string hex_digest();

private:
    struct ContextDeleter {
        void operator()(void* context) const noexcept;
    };
    std::unique_ptr<void, ContextDeleter> m_context;  ///< an EVP_MD_CTX
};

/// Returns the hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Returns the short hash shown for a non-secret binary: "sha256:" + first 8 hex digits. Never
/// for a secret: an unkeyed hash of a password falls to a word list (core/fingerprint.hpp).
std::string fingerprint(std::string_view data);

}  // namespace ssosnap::core
