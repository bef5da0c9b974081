#pragma once
// SHA-256 (FIPS 180-4), streaming. Used for .sha256 sidecars and for the short fingerprints
// that stand in for redacted secrets. Lives in core because core may use only std.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ssosnap::core
{

class Sha256
{
public:
    Sha256();
    /// Feeds bytes; may be called any number of times before digest().
    void update(std::string_view data);
    /// Finishes and returns the 32-byte digest. The object must not be updated afterwards.
    std::array<std::uint8_t, 32> digest();
    /// Finishes and returns the digest as 64 lower-case hex characters.
    std::string hex_digest();

private:
    void blocks(const std::uint8_t* p, std::size_t count);
    std::array<std::uint32_t, 8> m_h{};
    std::array<std::uint8_t, 64> m_buf{};
    std::size_t m_buf_len = 0;
    std::uint64_t m_total = 0;
};

namespace detail
{
/// The compression function over `count` 64-byte blocks: portable C++, and with the x86 SHA
/// extensions (SHA-NI), which hash several times faster (see docs/performance.md). Sha256
/// uses the second where the CPU has them; both are public so that tests can compare them.
void sha256_blocks_portable(std::uint32_t state[8], const std::uint8_t* p, std::size_t count);
void sha256_blocks_sha_ni(std::uint32_t state[8], const std::uint8_t* p, std::size_t count);
/// Whether this CPU (and build) can run sha256_blocks_sha_ni().
bool sha_ni_available();
}  // namespace detail

/// Returns the hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Returns the short fingerprint shown for redacted secrets: "sha256:" + first 8 hex digits.
std::string fingerprint(std::string_view data);

}  // namespace ssosnap::core
