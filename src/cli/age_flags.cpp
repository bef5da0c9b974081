#include "cli/age_flags.hpp"

#include <CLI/CLI.hpp>

namespace ssosnap::cli
{
namespace
{

// Both flag sets need --age-program, and rebase adds both: the first one adds it.
void add_age_program_flag(CLI::App& command, AgeFlags& flags)
{
    if (command.get_option_no_throw("--age-program") != nullptr) return;
    command
        .add_option("--age-program", flags.age_program,
                    "The age program to run (default: age on PATH; Debian package age)")
        ->type_name("PROGRAM");
}

}  // namespace

void add_encrypt_flags(CLI::App& command, AgeFlags& flags)
{
    command
        .add_option("--encrypt-to", flags.encrypt_to,
                    "Encrypt the archive to this age recipient (age1…, ssh-ed25519 …, ssh-rsa "
                    "…; repeatable): writes NAME.zip.age, never a plaintext zip")
        ->type_name("RECIPIENT");
    command
        .add_option("--recipients-file", flags.recipients_file,
                    "Encrypt to every recipient in FILE (one public key a line, as age -R; "
                    "repeatable)")
        ->type_name("FILE");
    add_age_program_flag(command, flags);
}

void add_identity_flags(CLI::App& command, AgeFlags& flags)
{
    command
        .add_option("--identity", flags.identity,
                    "age identity file (private key) to decrypt NAME.zip.age with (repeatable; "
                    "default: $SSOSNAP_AGE_IDENTITY)")
        ->type_name("FILE");
    add_age_program_flag(command, flags);
}

crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags)
{
    crypt::AgeOptions o;
    o.program = flags.age_program;
    o.recipients = flags.encrypt_to;
    for (const auto& f : flags.recipients_file)
        o.recipient_files.emplace_back(f);
    for (const auto& f : flags.identity)
        o.identities.emplace_back(f);
    if (o.identities.empty() && ctx.env) {
        if (auto env = ctx.env("SSOSNAP_AGE_IDENTITY"); env && !env->empty())
            o.identities.emplace_back(*env);
    }
    return o;
}

}  // namespace ssosnap::cli
