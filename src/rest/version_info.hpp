#pragma once
// Which libcurl and TLS library this binary runs with (for `ssosnap --version`).

#include <string>

namespace ssosnap::rest
{

/// Returns the run-time libcurl version, e.g. "7.88.1".
std::string libcurl_version();

/// Returns the TLS library libcurl runs with, as libcurl names it (e.g. "OpenSSL/3.0.11");
/// empty when libcurl was built without TLS.
std::string tls_version();

}  // namespace ssosnap::rest
