#pragma once
// The age flags shared by every command that writes or reads encrypted archives
// (docs/encryption.md): --encrypt-to, --recipients-file, --identity, --age-program, and the
// SSOSNAP_AGE_IDENTITY environment variable.

#include "cli/context.hpp"
#include "crypt/age.hpp"

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
/// used when no --identity is given.
crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags);

}  // namespace ssosnap::cli
