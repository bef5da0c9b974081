#pragma once
// Base64 decoding (RFC 4648, standard and URL-safe alphabets) through OpenSSL's libcrypto,
// for the secret rules that look inside base64 values. This header is std only.

#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::core
{

/// Returns the bytes `text` encodes, ignoring ASCII white space and accepting both the
/// standard (+/) and the URL-safe (-_) alphabet, with or without '=' padding. Returns nullopt
/// when `text` holds any other character or cannot be base64 (a length of 4n+1).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ssosnap::core
