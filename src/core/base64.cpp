#include "core/base64.hpp"

#include <openssl/evp.h>

namespace ssosnap::core
{

std::optional<std::string> base64_decode(std::string_view text)
{
    std::string clean;
    clean.reserve(text.size() + 3);
    std::size_t padding = 0;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0) return std::nullopt;  // data after padding
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (!plain)
            return std::nullopt;
        clean += c;
    }
    if (padding > 2 || clean.size() % 4 == 1) return std::nullopt;
    const std::size_t missing = (4 - clean.size() % 4) % 4;
    clean.append(missing, '=');
    std::string out(clean.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(clean.data()),
                                  static_cast<int>(clean.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the bytes that padding stands for as zeros: drop them.
    out.resize(static_cast<std::size_t>(n) - missing);
    return out;
}

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet)
{
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');  // EVP_EncodeBlock adds a NUL
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    if (alphabet == Base64Alphabet::url) {
        for (char& c : out) {
            if (c == '+') c = '-';
            if (c == '/') c = '_';
        }
    }
    return out;
}

}  // namespace ssosnap::core
