#pragma once
// The one rule set that says what is secret (docs/format.md, "Secret rules"): a key-name
// matcher over a data table, file-name rules, and content rules for values and whole files.
// Every format the diff understands (JSON, .properties, XML, YAML, INI, key=value text)
// asks these functions; secret_scan.hpp applies them to text. When unsure, they say secret:
// a hidden non-secret costs a --reveal-secrets, a shown secret costs a breach.

#include <cstddef>
#include <string_view>
#include <vector>

namespace ssosnap::archive
{

/// Returns true when a key (JSON member, properties key, XML element or attribute name, YAML
/// or INI key) names a secret. Case and the separators _ - . : and space are ignored
/// (client_secret = clientSecret = CLIENT-SECRET); the words are those of k_key_rules in
/// secrets.cpp, documented in docs/format.md: e.g. secret, password, pwd, credential,
/// apiKey, signingKey anywhere; pass, pw, keystore at the end; token anywhere unless
/// followed by a harmless word (tokenEndpoint, tokenUrl stay visible; tokenValue does not).
bool is_secret_key(std::string_view key);

/// Returns true when the name alone marks a secret file: a key-store or keytab extension
/// (.keytab, .p12, .pfx, .jks, .jceks, .keystore, .key), a name ending in keytab, a .pem
/// with "private" or "key" in its name, or a base name whose stem ends in a secret word
/// (client_secret, ldap-password.txt, bind.pw, tokens; not prevent_username_password_login).
bool is_secret_by_name(std::string_view name);

/// A byte range [begin, end) of a text that holds a secret value.
struct SecretSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Appends to `out` the ranges of `text` (offset by `offset`) that the content rules of
/// is_secret_value find inside it: the credential of "Basic ..."/"Bearer ...", a JWT, the
/// password of a URL, a base64 run that decodes to secret material. PEM private-key blocks
/// are not included (they span lines; redaction handles them line by line).
void find_secret_value_spans(std::string_view text, std::size_t offset,
                             std::vector<SecretSpan>& out);

/// Returns true when a value is secret whatever its key: it holds a PEM private-key block,
/// an HTTP "Basic <base64 of user:password>" or "Bearer <token>" credential, a JWT, a URL
/// with a password (scheme://user:password@host), or base64 that decodes to secret
/// material (is_secret_material).
bool is_secret_value(std::string_view value);

/// Returns true when `content` as a whole is secret material: a PEM private-key block, the
/// keytab magic 05 02 (or 05 01), the JKS or JCEKS magic, a DER PKCS#1/PKCS#8 private key or
/// PKCS#12 store, or base64 text (white space allowed) that decodes to one of these.
bool is_secret_material(std::string_view content);

}  // namespace ssosnap::archive
