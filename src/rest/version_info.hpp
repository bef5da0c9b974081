#pragma once
// Which libcurl and TLS library this binary runs with (for `ssosnap --version`), and loading
// it ahead of first use.

#include "core/result.hpp"

#include <string>

namespace ssosnap::rest
{

/// Loads libcurl now instead of on first use (it is loaded with dlopen(), see
/// rest/libcurl.hpp): for callers about to use it from several threads, where a failure to
/// load could not be reported. Fails with Errc::input, id "libcurl-missing".
core::Result<void> load_libcurl();

/// Returns the run-time libcurl version, e.g. "7.88.1"; "not found" when it cannot be loaded.
std::string libcurl_version();

/// Returns the TLS library libcurl runs with, as libcurl names it (e.g. "OpenSSL/3.0.11");
/// empty when libcurl was built without TLS.
std::string tls_version();

}  // namespace ssosnap::rest
