#pragma once
// The --ignore GLOB patterns on entry names: '*' matches any run of characters except '/',
// '**' any run including '/', '?' one character except '/', '[abc]' / '[a-z]' / '[!a]' one
// character of a set. A pattern without '/' also matches an entry's last path component,
// so "*.bak" ignores "kerberos/old.bak".

#include <string_view>

namespace ssosnap::diff
{

/// Returns true when `name` matches `pattern` as described above.
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace ssosnap::diff
