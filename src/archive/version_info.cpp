#include "archive/version_info.hpp"

#include <zip.h>

namespace ssosnap::archive
{

std::string libzip_version()
{
    return zip_libzip_version();
}

}  // namespace ssosnap::archive
