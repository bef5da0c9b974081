#include "rest/libcurl.hpp"

#include <dlfcn.h>
#include <string>

namespace ssosnap::rest::libcurl
{
namespace
{

// The soname of the libcurl the build found (src/rest/CMakeLists.txt), e.g. libcurl.so.4.
#ifndef SSOSNAP_LIBCURL_SONAME
#define SSOSNAP_LIBCURL_SONAME "libcurl.so.4"
#endif
constexpr const char* k_soname = SSOSNAP_LIBCURL_SONAME;

core::Error load_error(const std::string& what)
{
    const char* why = ::dlerror();
    // Errc::input: the machine lacks a library (exit 3, docs/cli.md); no server was asked.
    return core::Error{.code = core::Errc::input,
                       .message = what +
                                  (why != nullptr ? std::string(" (") + why + ")" : std::string()) +
                                  "; install the libcurl4 package",
                       .id = "libcurl-missing"};
}

}  // namespace

core::Result<Functions> load(const char* soname)
{
    void* handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return core::fail(load_error(std::string("cannot load ") + soname));
    Functions f;
#define SSOSNAP_LIBCURL_LOAD(name)                                                                 \
    f.name = reinterpret_cast<decltype(f.name)>(::dlsym(handle, "curl_" #name));                   \
    if (f.name == nullptr)                                                                         \
        return core::fail(load_error(std::string(soname) + " lacks curl_" #name));
    SSOSNAP_LIBCURL_FUNCTIONS(SSOSNAP_LIBCURL_LOAD)
#undef SSOSNAP_LIBCURL_LOAD
    return f;  // the handle stays open for the life of the process
}

const core::Result<Functions>& loaded()
{
    static const core::Result<Functions> k_loaded = load(k_soname);
    return k_loaded;
}

const Functions& functions()
{
    static const Functions k_none;
    return loaded() ? *loaded() : k_none;
}

}  // namespace ssosnap::rest::libcurl
