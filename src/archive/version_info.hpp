#pragma once
// Which libzip this binary runs with (for `ssosnap --version`).

#include <string>

namespace ssosnap::archive
{

/// Returns the run-time libzip version, e.g. "1.7.3".
std::string libzip_version();

}  // namespace ssosnap::archive
