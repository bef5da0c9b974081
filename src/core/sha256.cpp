#include "core/sha256.hpp"

#include <new>
#include <openssl/evp.h>

namespace ssosnap::core
{
namespace
{

// Fetched once: EVP_sha256() would look the implementation up again on every init (OpenSSL
// 3's "implicit fetch"), which costs more than hashing a short secret.
const EVP_MD* sha256_md()
{
    static EVP_MD* const k_md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return k_md;
}

EVP_MD_CTX* as_context(void* p)
{
    return static_cast<EVP_MD_CTX*>(p);
}

}  // namespace

void Sha256::ContextDeleter::operator()(void* context) const noexcept
{
    EVP_MD_CTX_free(as_context(context));
}

Sha256::Sha256() : m_context(EVP_MD_CTX_new())
{
    if (!m_context || sha256_md() == nullptr ||
        EVP_DigestInit_ex2(as_context(m_context.get()), sha256_md(), nullptr) != 1)
        throw std::bad_alloc();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data)
{
    // Cannot fail for SHA-256 on an initialised context (OpenSSL's provider only hashes).
    EVP_DigestUpdate(as_context(m_context.get()), data.data(), data.size());
}

std::array<std::uint8_t, 32> Sha256::digest()
{
    std::array<std::uint8_t, 32> out{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(as_context(m_context.get()), out.data(), &size);
    return out;
}

std::string Sha256::hex_digest()
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (auto byte : digest()) {
        s += k_hex[byte >> 4];
        s += k_hex[byte & 15];
    }
    return s;
}

std::string sha256_hex(std::string_view data)
{
    Sha256 h;
    h.update(data);
    return h.hex_digest();
}

std::string fingerprint(std::string_view data)
{
    return "sha256:" + sha256_hex(data).substr(0, 8);
}

}  // namespace ssosnap::core
