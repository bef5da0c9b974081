#include "archive/secrets.hpp"

#include "core/base64.hpp"
#include "core/strings.hpp"

#include <array>
#include <string>

namespace ssosnap::archive
{
namespace
{

// Where a word must occur in a normalised key (lower case, no separators) to make it secret.
enum class Where { anywhere, suffix, exact };

struct KeyRule {
    std::string_view word;
    Where where;
};

// The key-name table (docs/format.md, "Secret rules" mirrors it; keep both in step).
constexpr std::array<KeyRule, 27> k_key_rules = {{
    {"secret", Where::anywhere},
    {"password", Where::anywhere},
    {"passwd", Where::anywhere},
    {"passphrase", Where::anywhere},
    {"pwd", Where::anywhere},
    {"credential", Where::anywhere},
    {"privatekey", Where::anywhere},
    {"privkey", Where::anywhere},
    {"keytab", Where::anywhere},
    {"apikey", Where::anywhere},
    {"sharedkey", Where::anywhere},
    {"signingkey", Where::anywhere},
    {"encryptionkey", Where::anywhere},
    {"decryptionkey", Where::anywhere},
    {"accesskey", Where::anywhere},
    {"masterkey", Where::anywhere},
    {"hmackey", Where::anywhere},
    {"sessionkey", Where::anywhere},
    {"authorization", Where::anywhere},
    {"bearer", Where::anywhere},

    {"keystore", Where::suffix},
    {"keystores", Where::suffix},
    {"pass", Where::suffix},
    {"pw", Where::suffix},
    {"pin", Where::exact},
    {"auth", Where::exact},
    {"jwt", Where::exact},
}};

// "token" is secret anywhere in a key unless the words after it describe the token rather
// than hold it (tokenEndpoint, tokenUrl, accessTokenLifetime, idTokenSigningAlg).
constexpr std::array<std::string_view, 34> k_token_harmless_tails = {
    "endpoint",    "url",      "uri",        "type",   "path",    "enabled",    "enable",
    "lifetime",    "validity", "valid",      "expiry", "expires", "expiration", "ttl",
    "timeout",     "maxage",   "age",        "length", "size",    "count",      "format",
    "method",      "issuer",   "audience",   "header", "name",    "id",         "label",
    "description", "signing",  "encryption", "alg",    "claim",   "mode"};

// File stems ending in one of these (optionally plural) are secret files.
constexpr std::array<std::string_view, 13> k_name_tails = {
    "secret", "password",   "passwd", "passphrase", "pwd",    "pw", "pass",
    "token",  "credential", "apikey", "privatekey", "keytab", "pin"};

std::string normalise(std::string_view key)
{
    std::string k;
    k.reserve(key.size());
    for (char c : key) {
        if (c == '_' || c == '-' || c == '.' || c == ' ' || c == ':' || c == '"' || c == '\'')
            continue;
        k += core::ascii_lower(c);
    }
    return k;
}

bool token_is_secret(std::string_view k)
{
    for (auto pos = k.find("token"); pos != std::string_view::npos;
         pos = k.find("token", pos + 1)) {
        auto tail = k.substr(pos + 5);
        auto plural_tail = tail.starts_with("s") ? tail.substr(1) : std::string_view{};
        bool harmless = false;
        for (auto word : k_token_harmless_tails)
            harmless = harmless || tail.starts_with(word) || plural_tail.starts_with(word);
        if (!harmless) return true;
    }
    return false;
}

std::string_view base_name(std::string_view name)
{
    auto slash = name.find_last_of("/\\");
    return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

// DER: SEQUENCE (any length form), then INTEGER 0 (PKCS#1 / PKCS#8 private key) or INTEGER 3
// (PKCS#12). Certificates start SEQUENCE, SEQUENCE and stay visible.
bool is_der_private(std::string_view d)
{
    if (d.size() < 8 || d[0] != '\x30') return false;
    const auto len = static_cast<unsigned char>(d[1]);
    std::size_t at = len < 0x80 ? 2 : 2 + (len & 0x7F);
    if (len == 0x80 || at + 3 > d.size()) return false;
    return d[at] == '\x02' && d[at + 1] == '\x01' && (d[at + 2] == '\x00' || d[at + 2] == '\x03');
}

bool is_binary_material(std::string_view c)
{
    if (c.size() >= 2 && c[0] == '\x05' && (c[1] == '\x02' || c[1] == '\x01')) return true;
    if (c.starts_with("\xFE\xED\xFE\xED") || c.starts_with("\xCE\xCE\xCE\xCE")) return true;
    return is_der_private(c);
}

bool has_pem_private_key(std::string_view s)
{
    auto begin = s.find("-----BEGIN");
    return begin != std::string_view::npos &&
           s.find("PRIVATE KEY-----", begin) != std::string_view::npos;
}

bool is_base64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '-' || c == '_' || c == '=';
}

// Base64 text long enough to hold key material (a PEM header alone is 40 characters).
bool is_base64_material(std::string_view s)
{
    auto t = core::trim(s);
    if (t.size() < 16) return false;
    for (char c : t) {
        if (!is_base64_char(c) && c != '\n' && c != '\r' && c != ' ' && c != '\t') return false;
    }
    auto decoded = core::base64_decode(t);
    return decoded && (has_pem_private_key(*decoded) || is_binary_material(*decoded));
}

std::size_t run_of(std::string_view s, std::size_t from, bool (*accept)(char))
{
    std::size_t n = from;
    while (n < s.size() && accept(s[n]))
        ++n;
    return n;
}

bool is_token_char(char c)
{
    return is_base64_char(c) || c == '.' || c == '~';
}

// "Basic <base64 of user:password>" or "Bearer <token>" (any case).
void auth_spans(std::string_view s, const std::string& lower, std::size_t offset,
                std::vector<SecretSpan>& out)
{
    for (std::string_view scheme : {"basic ", "bearer "}) {
        for (std::size_t pos = lower.find(scheme); pos != std::string::npos;
             pos = lower.find(scheme, pos + 1)) {
            std::size_t from = pos + scheme.size();
            while (from < s.size() && s[from] == ' ')
                ++from;
            std::size_t to = run_of(s, from, is_token_char);
            auto token = s.substr(from, to - from);
            bool secret = scheme == "bearer " ? token.size() >= 8 : false;
            if (scheme == "basic " && token.size() >= 4) {
                auto decoded = core::base64_decode(token);
                secret = decoded && decoded->find(':') != std::string::npos;
            }
            if (secret) out.push_back({offset + from, offset + to});
        }
    }
}

// scheme://user:password@host: the password.
void url_password_spans(std::string_view s, std::size_t offset, std::vector<SecretSpan>& out)
{
    for (auto pos = s.find("://"); pos != std::string_view::npos; pos = s.find("://", pos + 1)) {
        auto rest = s.substr(pos + 3);
        auto authority = rest.substr(0, rest.find_first_of("/?# \t\r\n\"'<>"));
        auto at = authority.rfind('@');
        if (at == std::string_view::npos) continue;
        auto colon = authority.substr(0, at).find(':');
        if (colon == std::string_view::npos || colon + 1 == at) continue;
        out.push_back({offset + pos + 3 + colon + 1, offset + pos + 3 + at});
    }
}

// A JSON Web Token: base64url parts joined by dots, the first two starting '{"' (eyJ).
void jwt_spans(std::string_view s, std::size_t offset, std::vector<SecretSpan>& out)
{
    for (auto pos = s.find("eyJ"); pos != std::string_view::npos; pos = s.find("eyJ", pos + 1)) {
        auto end = run_of(s, pos, is_token_char);
        auto token = s.substr(pos, end - pos);
        auto dot = token.find('.');
        if (dot == std::string_view::npos || token.substr(dot + 1, 3) != "eyJ") continue;
        out.push_back({offset + pos, offset + end});
        pos = end;
    }
}

bool is_base64_run_char(char c)
{
    return is_base64_char(c);
}

// Runs of 40 or more base64 characters that decode to key material.
void base64_spans(std::string_view s, std::size_t offset, std::vector<SecretSpan>& out)
{
    std::size_t i = 0;
    while (i < s.size()) {
        if (!is_base64_char(s[i])) {
            ++i;
            continue;
        }
        std::size_t end = run_of(s, i, is_base64_run_char);
        if (end - i >= 40 && is_base64_material(s.substr(i, end - i)))
            out.push_back({offset + i, offset + end});
        i = end;
    }
}

}  // namespace

bool is_secret_key(std::string_view key)
{
    const auto k = normalise(key);
    if (k.empty()) return false;
    for (const auto& rule : k_key_rules) {
        switch (rule.where) {
        case Where::anywhere:
            if (k.find(rule.word) != std::string::npos) return true;
            break;
        case Where::suffix:
            if (k.ends_with(rule.word)) return true;
            break;
        case Where::exact:
            if (k == rule.word) return true;
            break;
        }
    }
    return token_is_secret(k);
}

bool is_secret_by_name(std::string_view name)
{
    auto base = base_name(name);
    auto dot = base.rfind('.');
    auto ext = core::to_lower(dot == std::string_view::npos || dot == 0 ? "" : base.substr(dot));
    for (std::string_view e : {".keytab", ".p12", ".pfx", ".jks", ".jceks", ".keystore", ".key"}) {
        if (ext == e) return true;
    }
    if (core::to_lower(base).ends_with("keytab")) return true;
    if (ext == ".pem" && (core::icontains(base, "private") || core::icontains(base, "key")))
        return true;
    // The stem (client_secret.txt) or the whole name (bind.pw, api.tokens), singular or plural.
    for (const auto& whole :
         {normalise(dot == std::string_view::npos ? base : base.substr(0, dot)), normalise(base)}) {
        std::string_view singular = whole;
        if (singular.ends_with("s")) singular.remove_suffix(1);
        for (auto tail : k_name_tails) {
            if (whole.ends_with(tail) || singular.ends_with(tail)) return true;
        }
    }
    return false;
}

bool is_secret_material(std::string_view content)
{
    return has_pem_private_key(content) || is_binary_material(content) ||
           is_base64_material(content);
}

void find_secret_value_spans(std::string_view text, std::size_t offset,
                             std::vector<SecretSpan>& out)
{
    auth_spans(text, core::to_lower(text), offset, out);
    url_password_spans(text, offset, out);
    jwt_spans(text, offset, out);
    base64_spans(text, offset, out);
}

bool is_secret_value(std::string_view value)
{
    if (has_pem_private_key(value) || is_base64_material(value)) return true;
    std::vector<SecretSpan> spans;
    find_secret_value_spans(value, 0, spans);
    return !spans.empty();
}

}  // namespace ssosnap::archive
