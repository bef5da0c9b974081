#pragma once
// Profiles: the non-secret connection settings per server, read from an INI-style file
// (~/.config/ssosnap/config, or $XDG_CONFIG_HOME/ssosnap/config, or --config FILE):
//
//   # comments start with '#' or ';'
//   [profile prod]
//   url = https://jira.example.test
//   user = ssosnap-bot
//   auth = basic
//   cacert = /etc/ssl/certs/corp-ca.pem
//   password-file = /etc/ssosnap/prod.password
//   # age (cli/age_flags.hpp): backups become NAME.zip.age; identity decrypts them. The
//   # first three may repeat. A '#' starts a comment only at the start of a line.
//   encrypt-to = age1...
//   recipients-file = /etc/ssosnap/prod.recipients
//   identity = /media/offline/prod-identity.txt
//   age-program = /usr/bin/age
//
// Secrets never live in this file: a key such as "password" or "token" is refused, and so is
// age key material (AGE-SECRET-KEY-..., a PEM private key) as any key's value; the file may
// only point at secret files (token-file, password-file, identity), which should be 0600.

#include "cli/context.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::cli
{

struct Profile {
    std::string name;
    std::string url;            ///< url
    std::string user;           ///< user
    std::string auth;           ///< auth: basic | ksso-token | bearer
    std::string cacert;         ///< cacert: CA bundle file
    std::string token_file;     ///< token-file: file holding the API token (0600)
    std::string password_file;  ///< password-file: file holding the password (0600)
    /// encrypt-to: age recipients (public keys), one per occurrence of the key
    std::vector<std::string> encrypt_to;
    std::vector<std::string> recipients_file;  ///< recipients-file (repeatable): as age -R
    std::vector<std::string> identity;         ///< identity (repeatable): age identity FILE paths
    std::string age_program;                   ///< age-program: the age program to run
};

struct ProfileConfig {
    std::filesystem::path path;  ///< where it was read from; empty: no file
    std::vector<Profile> profiles;
};

/// Returns the config file to read: `explicit_path` when not empty, else
/// $XDG_CONFIG_HOME/ssosnap/config, else $HOME/.config/ssosnap/config; empty when neither
/// variable is set.
std::filesystem::path config_path(const EnvReader& env, const std::string& explicit_path);

/// Parses the config text. The keys encrypt-to, recipients-file and identity may repeat (each
/// occurrence adds one value); any other key given twice keeps the last value. Fails with
/// Errc::usage naming `origin` and the line (never the value): a line that is neither a
/// section, a comment nor "key = value", a key outside [profile NAME], an unknown or secret
/// key, a value that is age or PEM private key material, or a profile defined twice.
core::Result<ProfileConfig> parse_profiles(std::string_view text, const std::string& origin);

/// Reads and parses `path`. A missing file is an empty config unless `required` (then
/// Errc::input, as for an unreadable file).
core::Result<ProfileConfig> load_profiles(const std::filesystem::path& path, bool required);

/// Returns the profile called `name`, or nullptr.
const Profile* find_profile(const ProfileConfig& config, std::string_view name);

/// Returns the warnings about secrets' exposure (one sentence each, no secret values): the
/// config file is readable by group or others while a profile points at a secret file, or a
/// token-file, password-file or identity file a profile names is readable by group or others.
std::vector<std::string> permission_warnings(const ProfileConfig& config);

}  // namespace ssosnap::cli
