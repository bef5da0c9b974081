#pragma once
// A realistic sample configuration for `ksso-emulator --sample-config`: the application home
// of a Jira with Kantega SSO (a SAML IdP with its metadata, an OIDC provider with a client
// secret, the SP signing key and certificate, a Kerberos keytab with its properties, LDAP
// settings with a bind password, a login toggle, settings.json), so a restore rehearsal needs
// no hand-written files. Every key, password and secret in it is fake. The bytes are those of
// fixtures/sample-config/, embedded at build time (cmake/EmbedFiles.cmake).

#include "core/result.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace ssosnap::emulator
{

struct SampleFile {
    std::string_view
        path;  ///< relative to the application home, e.g. "kerberos/ldap/ldap.properties"
    std::string_view bytes;
};

/// Every file of the sample, sorted by path.
const std::vector<SampleFile>& sample_files();

/// Writes the sample into `data_dir` (created when missing; files mode 0600: they hold
/// secrets). Fails with Errc::input when `data_dir` already holds a kerberos/ file or a
/// settings.json (a live config is never overwritten) or a file cannot be written.
core::Result<void> write_sample_config(const std::filesystem::path& data_dir);

}  // namespace ssosnap::emulator
