// libFuzzer target: what a bucket or an S3 server hands ssosnap. The first byte picks the
// parser: a ListObjectsV2 page (its documented bounds must hold for whatever it accepts), an
// S3 error answer, an s3:// location (a parsed one must print and parse back to itself), a
// sealed record (NAME.zip.age.json and ARCHIVE.json objects: serialised, it must parse back to
// the same text), or a Content-Range header (what it accepts must be a range inside its total).

#include "metadata/sealed.hpp"
#include "s3/client.hpp"
#include "s3/location.hpp"
#include "s3/xml.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    namespace s3 = ssosnap::s3;
    namespace md = ssosnap::metadata;
    switch (data[0] % 5) {
    case 0: {
        auto page = s3::parse_list_page(text);
        if (!page) break;
        if (page->objects.size() > 10000) __builtin_trap();
        if (page->truncated && page->next_token.empty()) __builtin_trap();
        for (const auto& o : page->objects) {
            if (o.key.empty() || o.key.size() > 1024) __builtin_trap();
        }
        break;
    }
    case 1:
        (void)s3::parse_error(text);
        break;
    case 2: {
        auto at = s3::parse_location(text);
        if (!at) break;
        auto again = s3::parse_location(at->text());
        if (!again || again->bucket != at->bucket || again->key != at->key) __builtin_trap();
        (void)s3::is_safe_file_name(at->file_name());
        break;
    }
    case 4: {
        auto range = s3::parse_content_range(text);
        if (range && (range->first > range->last || range->last >= range->total)) __builtin_trap();
        break;
    }
    default: {
        auto sealed = md::parse_sealed_meta(text);
        if (!sealed) break;
        const auto once = md::to_json(*sealed);
        auto again = md::parse_sealed_meta(once);
        if (!again || md::to_json(*again) != once) __builtin_trap();
        break;
    }
    }
    return 0;
}
