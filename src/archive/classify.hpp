#pragma once
// What an entry holds: its kind (json, xml, properties, text, binary) and whether it is or
// holds a secret (keytab, PEM private key, PKCS#12/JKS key store, or JSON/properties keys
// naming a secret: secret, password, privateKey, clientSecret, keytab, token).

#include "archive/entry.hpp"

#include <string_view>

namespace ssosnap::archive
{

/// Kind from the entry name alone (extension), for commands that inflate nothing.
EntryKind classify_by_name(std::string_view name);

/// Kind from the name and the content (content sniffing wins over a misleading extension).
EntryKind classify(std::string_view name, std::string_view content);

/// Returns true when a JSON or properties key names a secret: ignoring case and the
/// separators _ - . and space, it contains secret, password, passwd, passphrase, privatekey
/// or keytab, or ends in token (apiToken, access_token; not tokenEndpoint).
bool is_secret_key(std::string_view key);

/// Returns true when the name alone marks a secret file (.keytab, .p12, .pfx, .jks,
/// .keystore, .key, and *private*.pem).
bool is_secret_by_name(std::string_view name);

/// Returns true when the content is a secret file (PEM private-key block, keytab magic,
/// JKS/JCEKS magic, PKCS#12 structure) or a JSON/properties text with a secret-named key whose
/// value is a non-empty string or a number.
bool is_secret_content(std::string_view name, std::string_view content);

}  // namespace ssosnap::archive
