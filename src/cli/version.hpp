#pragma once
// The text of `ssosnap --version`.

#include <string>

namespace ssosnap::cli
{

/// Returns "ssosnap <version> (<git revision>)" followed by the versions of the libraries
/// it runs with (libzip, libcurl and its TLS library), one per line.
std::string version_text();

}  // namespace ssosnap::cli
