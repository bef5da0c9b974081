#pragma once
// s3://BUCKET/KEY locations: an archive ("s3://backups/jira/sso-snapshot-….zip") or a folder
// ("s3://backups/jira/", a key prefix ending in "/", or just the bucket). Parsed and checked
// once here, so a command never builds a request from an unchecked string.

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace ssosnap::s3
{

struct Location {
    std::string bucket;
    std::string key;  ///< "" for the bucket itself; a folder's key ends in "/"

    /// True for the bucket itself or a key ending in "/".
    bool is_folder() const { return key.empty() || key.ends_with('/'); }
    /// "s3://bucket/key".
    std::string text() const;
    /// The location of `name` inside this folder.
    Location child(std::string_view name) const;
    /// The last segment of the key ("" for a folder).
    std::string file_name() const;
};

/// True when `text` starts with "s3://" (a location rather than a local path).
bool is_s3_url(std::string_view text);

/// Parses "s3://BUCKET[/KEY]". Fails with Errc::usage, id "s3-location": a bucket name that
/// S3 would refuse (3–63 characters: lower-case letters, digits, '.', '-'), a key longer than
/// 1024 bytes, with control characters, or with an empty, "." or ".." segment.
core::Result<Location> parse_location(std::string_view text);

/// True for a name usable as a local file name: not empty, not "." or "..", no '/', no
/// control character, at most 255 bytes. Keys from a listing pass this before they become files.
bool is_safe_file_name(std::string_view name);

}  // namespace ssosnap::s3
