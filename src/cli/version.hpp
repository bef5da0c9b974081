#pragma once
// The text of `ssosnap --version`.

#include <string>

namespace ssosnap::cli
{

/// Returns "ssosnap <version> (<git revision>)" followed by the versions of the libraries
/// it runs with (libzip, libcurl and its TLS library), one per line.
std::string version_text();

/// Returns the same facts as one JSON document (`ssosnap --version --json`): schema, command
/// "version", version, revision, libraries {libzip, libcurl, tls} (null when absent).
std::string version_json();

}  // namespace ssosnap::cli
