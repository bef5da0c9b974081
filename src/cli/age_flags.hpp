#pragma once
// The age flags shared by every command that writes or reads encrypted archives
// (docs/encryption.md): --encrypt-to, --recipients-file, --identity, --age-program, the
// SSOSNAP_AGE_IDENTITY environment variable, and the same settings as profile keys
// (encrypt-to, recipients-file, identity, age-program; cli/profile.hpp).
//
// Precedence, each setting on its own: flag > environment > profile.
//   recipients   --encrypt-to / --recipients-file (any of them: the profile's encrypt-to and
//                recipients-file are all ignored), else the profile's, together
//   identities   --identity, else $SSOSNAP_AGE_IDENTITY, else the profile's identity keys
//   program      --age-program, else the profile's age-program, else age on PATH

#include "cli/context.hpp"
#include "cli/profile.hpp"
#include "crypt/age.hpp"

#include <optional>
#include <string>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

struct AgeFlags {
    std::vector<std::string> encrypt_to;       ///< --encrypt-to RECIPIENT (repeatable)
    std::vector<std::string> recipients_file;  ///< --recipients-file FILE (repeatable)
    std::vector<std::string> identity;         ///< --identity FILE (repeatable)
    std::string age_program;                   ///< --age-program PROGRAM
};

/// Adds --encrypt-to, --recipients-file and --age-program to `command` (a command that
/// writes archives). `flags` must outlive parsing.
void add_encrypt_flags(CLI::App& command, AgeFlags& flags);

/// Adds --identity and --age-program to `command` (a command that reads archives).
void add_identity_flags(CLI::App& command, AgeFlags& flags);

/// The options for crypt/: the flags, with SSOSNAP_AGE_IDENTITY (one identity file path)
/// used when no --identity is given. For commands without a profile.
crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags);

/// The options for crypt/ of a command that uses `profile` (ResolvedConnection::profile;
/// nullopt: none): the flags and SSOSNAP_AGE_IDENTITY over the profile's age keys, by the
/// precedence above. Nothing is read or checked here: crypt/ reports a missing file.
crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags,
                              const std::optional<Profile>& profile);

}  // namespace ssosnap::cli
