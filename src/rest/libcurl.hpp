#pragma once
// libcurl, loaded with dlopen() the first time a command needs it rather than linked, so that
// the offline commands (inspect, verify, diff, ls, ...) do not map libcurl and the ~30
// libraries it pulls in (TLS, Kerberos, LDAP, SSH, IDN, ...): loading and relocating them was
// half of `ssosnap inspect`'s run time (docs/performance.md). systemd loads its optional
// libraries the same way. Internal to src/rest: only the REST client's .cpp files include it.
//
// Call libcurl as libcurl::easy_setopt(...) instead of curl_easy_setopt(...): each wrapper
// forwards to the function of that name in libcurl.so.4. Nothing here throws: a libcurl that
// cannot be loaded is an error value (loaded()) naming the package to install (libcurl4), and
// every entry point of the module that needs libcurl asks loaded() before calling a wrapper.

#include "core/result.hpp"

#include <curl/curl.h>

namespace ssosnap::rest::libcurl
{

// Every libcurl function the client uses, without the "curl_" prefix.
#define SSOSNAP_LIBCURL_FUNCTIONS(X)                                                               \
    X(global_init)                                                                                 \
    X(easy_init)                                                                                   \
    X(easy_cleanup)                                                                                \
    X(easy_reset)                                                                                  \
    X(easy_setopt)                                                                                 \
    X(easy_perform)                                                                                \
    X(easy_getinfo)                                                                                \
    X(easy_strerror)                                                                               \
    X(easy_escape)                                                                                 \
    X(free)                                                                                        \
    X(getdate)                                                                                     \
    X(mime_init)                                                                                   \
    X(mime_addpart)                                                                                \
    X(mime_name)                                                                                   \
    X(mime_filedata)                                                                               \
    X(mime_data)                                                                                   \
    X(mime_filename)                                                                               \
    X(mime_type)                                                                                   \
    X(mime_free)                                                                                   \
    X(slist_append)                                                                                \
    X(slist_free_all)                                                                              \
    X(url)                                                                                         \
    X(url_cleanup)                                                                                 \
    X(url_get)                                                                                     \
    X(url_set)                                                                                     \
    X(version_info)

struct Functions {
// `name` is a member name here, which cannot take parentheses.
// NOLINTNEXTLINE(bugprone-macro-parentheses)
#define SSOSNAP_LIBCURL_MEMBER(name) decltype(&::curl_##name) name = nullptr;
    SSOSNAP_LIBCURL_FUNCTIONS(SSOSNAP_LIBCURL_MEMBER)
#undef SSOSNAP_LIBCURL_MEMBER
};

/// Loads the library `soname` and resolves every function. Fails with Errc::input, id
/// "libcurl-missing", naming the library, what is missing and the package (libcurl4). The
/// library stays loaded for the life of the process. The seam of the tests (a missing soname).
core::Result<Functions> load(const char* soname);

/// The result of load() for the libcurl the build found (SSOSNAP_LIBCURL_SONAME, e.g.
/// libcurl.so.4), loaded on the first call (thread-safe); later calls return the same result.
const core::Result<Functions>& loaded();

/// The functions of loaded(). Call only after loaded() succeeded: the wrappers below do not
/// check again (a failed load leaves every pointer null).
const Functions& functions();

#define SSOSNAP_LIBCURL_WRAPPER(name)                                                              \
    template <class... Args> auto name(Args... args)                                               \
    {                                                                                              \
        return functions().name(args...);                                                          \
    }
SSOSNAP_LIBCURL_FUNCTIONS(SSOSNAP_LIBCURL_WRAPPER)
#undef SSOSNAP_LIBCURL_WRAPPER

}  // namespace ssosnap::rest::libcurl
