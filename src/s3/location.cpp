#include "s3/location.hpp"

#include "core/strings.hpp"

#include <algorithm>

namespace ssosnap::s3
{

namespace
{

bool valid_bucket(std::string_view b)
{
    if (b.size() < 3 || b.size() > 63) return false;
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    };
    return std::all_of(b.begin(), b.end(), ok) && b.front() != '.' && b.front() != '-' &&
           b.back() != '.' && b.back() != '-';
}

bool has_control(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

core::Unexpected bad(std::string_view text, const std::string& why)
{
    return core::fail(core::Errc::usage,
                      "bad S3 location " + core::quote(text) + ": " + why +
                          " (expected s3://BUCKET/KEY or s3://BUCKET/PREFIX/)",
                      "s3-location");
}

}  // namespace

std::string Location::text() const
{
    return "s3://" + bucket + (key.empty() ? "" : "/" + key);
}

Location Location::child(std::string_view name) const
{
    Location c = *this;
    if (!c.key.empty() && !c.key.ends_with('/')) c.key += '/';
    c.key += name;
    return c;
}

std::string Location::file_name() const
{
    auto slash = key.rfind('/');
    return slash == std::string::npos ? key : key.substr(slash + 1);
}

bool is_s3_url(std::string_view text)
{
    return text.starts_with("s3://");
}

core::Result<Location> parse_location(std::string_view text)
{
    if (!is_s3_url(text)) return bad(text, "it does not start with s3://");
    std::string_view rest = text.substr(5);
    auto slash = rest.find('/');
    Location loc;
    loc.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) loc.key = std::string(rest.substr(slash + 1));
    if (!valid_bucket(loc.bucket)) {
        return bad(text, "the bucket name must be 3 to 63 lower-case letters, digits, '.' or '-'");
    }
    if (loc.key.size() > 1024) return bad(text, "the key is longer than 1024 bytes");
    if (has_control(loc.key)) return bad(text, "the key holds a control character");
    std::string_view k = loc.key;
    if (k.ends_with('/')) k.remove_suffix(1);
    while (!k.empty()) {
        auto end = k.find('/');
        auto segment = k.substr(0, end);
        if (segment.empty() || segment == "." || segment == "..") {
            return bad(text, "the key has an empty, '.' or '..' segment");
        }
        if (end == std::string_view::npos) break;
        k.remove_prefix(end + 1);
    }
    return loc;
}

bool is_safe_file_name(std::string_view name)
{
    return !name.empty() && name.size() <= 255 && name != "." && name != ".." &&
           name.find('/') == std::string_view::npos && !has_control(name);
}

}  // namespace ssosnap::s3
