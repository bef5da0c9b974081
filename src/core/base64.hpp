#pragma once
// Base64 (RFC 4648, standard and URL-safe alphabets) through OpenSSL's libcrypto: decoding for
// the secret rules that look inside base64 values, encoding for recognising an echoed
// credential in server text. This header is std only.

#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::core
{

/// Returns the bytes `text` encodes, ignoring ASCII white space and accepting both the
/// standard (+/) and the URL-safe (-_) alphabet, with or without '=' padding. Returns nullopt
/// when `text` holds any other character or cannot be base64 (a length of 4n+1).
std::optional<std::string> base64_decode(std::string_view text);

/// Which alphabet base64_encode uses.
enum class Base64Alphabet { standard, url };

/// Returns the base64 of `bytes` with '=' padding, in the standard (+/) or URL-safe (-_)
/// alphabet.
std::string base64_encode(std::string_view bytes,
                          Base64Alphabet alphabet = Base64Alphabet::standard);

}  // namespace ssosnap::core
