#include "rest/libcurl.hpp"

#include <dlfcn.h>
#include <stdexcept>
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

std::runtime_error load_error(const std::string& what)
{
    const char* why = ::dlerror();
    return std::runtime_error(what + (why ? std::string(" (") + why + ")" : std::string()) +
                              "; install the libcurl4 package");
}

Functions load()
{
    void* handle = ::dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw load_error(std::string("cannot load ") + k_soname);
    Functions f;
#define SSOSNAP_LIBCURL_LOAD(name)                                                                 \
    f.name = reinterpret_cast<decltype(f.name)>(::dlsym(handle, "curl_" #name));                   \
    if (f.name == nullptr) throw load_error(std::string(k_soname) + " lacks curl_" #name);
    SSOSNAP_LIBCURL_FUNCTIONS(SSOSNAP_LIBCURL_LOAD)
#undef SSOSNAP_LIBCURL_LOAD
    return f;  // the handle stays open for the life of the process
}

}  // namespace

const Functions& functions()
{
    static const Functions loaded = load();
    return loaded;
}

}  // namespace ssosnap::rest::libcurl
