#pragma once
// S3's XML answers, read with pugixml (a real parser; nothing here matches XML by pattern).
// Only this file's .cpp includes pugixml. Everything read is server text: callers escape it
// before it reaches a terminal, and keys are checked before they become file names.

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::s3
{

/// One object of a listing.
struct ListedObject {
    std::string key;
    std::uint64_t size = 0;
    std::string etag;           ///< without quotes
    std::string last_modified;  ///< as sent ("2026-12-01T16:35:43.000Z")
};

/// One page of ListObjectsV2.
struct ListPage {
    std::vector<ListedObject> objects;
    bool truncated = false;
    std::string next_token;  ///< NextContinuationToken when truncated
};

/// Parses a ListBucketResult. Fails with Errc::remote, id "s3-bad-answer": not XML, another
/// root element, a Size that is not a number, a key longer than 1024 bytes, more than 10,000
/// entries, or a truncated page without a continuation token.
core::Result<ListPage> parse_list_page(std::string_view xml);

/// S3's <Error><Code>…</Code><Message>…</Message></Error>; nullopt when `xml` is not one.
struct ErrorAnswer {
    std::string code;
    std::string message;
};
std::optional<ErrorAnswer> parse_error(std::string_view xml);

}  // namespace ssosnap::s3
