#include "core/fingerprint.hpp"

#include "core/files.hpp"

#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>

namespace ssosnap::core
{
namespace
{

constexpr char k_hex[] = "0123456789abcdef";

std::string to_hex(const std::uint8_t* p, std::size_t n)
{
    std::string out;
    out.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += k_hex[p[i] >> 4];
        out += k_hex[p[i] & 0xF];
    }
    return out;
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<FingerprintKey> parse_key(std::string_view text, const std::filesystem::path& file)
{
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    FingerprintKey key{};
    bool ok = text.size() == 2 * key.size();
    for (std::size_t i = 0; ok && i < key.size(); ++i) {
        int hi = hex_value(text[2 * i]);
        int lo = hex_value(text[2 * i + 1]);
        ok = hi >= 0 && lo >= 0;
        if (ok) key[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    if (!ok)
        return fail(Errc::input,
                    "fingerprint key '" + file.string() +
                        "': not 64 hex digits (remove it to "
                        "create a new key)",
                    "fingerprint-key-invalid");
    return key;
}

Result<FingerprintKey> read_key(const std::filesystem::path& file)
{
    auto text = read_file(file, 4096);
    if (!text) return fail(text.error().with_context("reading the fingerprint key"));
    return parse_key(*text, file);
}

}  // namespace

std::string keyed_fingerprint(const FingerprintKey& key, std::string_view data)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const auto* ok =
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    if (ok == nullptr || len < k_fingerprint_hex_digits / 2) std::abort();  // libcrypto broken
    return "hmac:" + to_hex(mac, k_fingerprint_hex_digits / 2);
}

FingerprintKey random_fingerprint_key()
{
    FingerprintKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) std::abort();  // no CSPRNG
    return key;
}

Result<FingerprintKey> load_or_create_fingerprint_key(const std::filesystem::path& file)
{
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) return read_key(file);
    const auto dir = file.parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec)
            return fail(Errc::input, "creating the fingerprint key folder '" + dir.string() +
                                         "': " + ec.message());
        ::chmod(dir.c_str(), 0700);
    }
    const auto key = random_fingerprint_key();
    auto written = write_file_atomic(file, to_hex(key.data(), key.size()) + "\n", FileMode::secret,
                                     Overwrite::no);
    if (written) return key;
    // Another process may have created it first: its key is the one to use.
    if (std::filesystem::exists(file, ec)) return read_key(file);
    return fail(written.error().with_context("creating the fingerprint key"));
}

std::filesystem::path fingerprint_key_path(const std::string& xdg_config_home,
                                           const std::string& home)
{
    std::filesystem::path base;
    if (!xdg_config_home.empty())
        base = xdg_config_home;
    else if (!home.empty())
        base = std::filesystem::path(home) / ".config";
    else
        return {};
    return base / "ssosnap" / "fingerprint.key";
}

}  // namespace ssosnap::core
