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
                    "The age program to run (default: age-program of --profile's profile, "
                    "else age on PATH; Debian package age)")
        ->type_name("PROGRAM");
}

}  // namespace

void add_encrypt_flags(CLI::App& command, AgeFlags& flags)
{
    command
        .add_option("--encrypt-to", flags.encrypt_to,
                    "Encrypt the archive to this age recipient (age1…, ssh-ed25519 …, ssh-rsa "
                    "…; repeatable): writes NAME.zip.age, never a plaintext zip. Replaces the "
                    "encrypt-to and recipients-file keys of --profile's profile")
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
                    "default: $SSOSNAP_AGE_IDENTITY, else identity of --profile's profile)")
        ->type_name("FILE");
    add_age_program_flag(command, flags);
}

crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags)
{
    return age_options(ctx, flags, std::nullopt);
}

crypt::AgeOptions age_options(const Context& ctx, const AgeFlags& flags,
                              const std::optional<Profile>& profile)
{
    crypt::AgeOptions o;
    o.program = flags.age_program;
    if (o.program.empty() && profile) o.program = profile->age_program;
    // Recipients as one set: any recipient flag replaces all of the profile's recipients.
    const bool flag_recipients = !flags.encrypt_to.empty() || !flags.recipients_file.empty();
    const auto& recipients = flag_recipients || !profile ? flags.encrypt_to : profile->encrypt_to;
    const auto& recipient_files =
        flag_recipients || !profile ? flags.recipients_file : profile->recipients_file;
    o.recipients = recipients;
    for (const auto& f : recipient_files)
        o.recipient_files.emplace_back(f);
    for (const auto& f : flags.identity)
        o.identities.emplace_back(f);
    if (o.identities.empty() && ctx.env) {
        if (auto env = ctx.env("SSOSNAP_AGE_IDENTITY"); env && !env->empty())
            o.identities.emplace_back(*env);
    }
    if (o.identities.empty() && profile) {
        for (const auto& f : profile->identity)
            o.identities.emplace_back(f);
    }
    return o;
}

}  // namespace ssosnap::cli
