#include "s3/xml.hpp"

#include <charconv>
#include <pugixml.hpp>

namespace ssosnap::s3
{

namespace
{

core::Unexpected bad_answer(const std::string& why)
{
    return core::fail(core::Errc::remote, "the S3 server's listing cannot be read: " + why,
                      "s3-bad-answer");
}

bool load(pugi::xml_document& doc, std::string_view xml)
{
    // parse_default without DOCTYPE handling: no entities beyond XML's five are expanded.
    return static_cast<bool>(doc.load_buffer(xml.data(), xml.size(), pugi::parse_default));
}

std::string unquote(std::string s)
{
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    if (s.starts_with("&quot;")) s.erase(0, 6);
    if (s.ends_with("&quot;")) s.erase(s.size() - 6);
    return s;
}

}  // namespace

core::Result<ListPage> parse_list_page(std::string_view xml)
{
    pugi::xml_document doc;
    if (!load(doc, xml)) return bad_answer("it is not XML");
    auto root = doc.child("ListBucketResult");
    if (!root) return bad_answer("its root element is not ListBucketResult");
    ListPage page;
    for (auto c : root.children("Contents")) {
        if (page.objects.size() >= 10'000) return bad_answer("more than 10,000 entries in a page");
        ListedObject o;
        o.key = c.child_value("Key");
        if (o.key.empty() || o.key.size() > 1024) return bad_answer("an entry has a bad key");
        std::string_view size = c.child_value("Size");
        auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), o.size);
        if (ec != std::errc() || end != size.data() + size.size() || size.empty()) {
            return bad_answer("an entry's Size is not a number");
        }
        o.etag = unquote(c.child_value("ETag"));
        o.last_modified = c.child_value("LastModified");
        page.objects.push_back(std::move(o));
    }
    page.truncated = std::string_view(root.child_value("IsTruncated")) == "true";
    page.next_token = root.child_value("NextContinuationToken");
    if (page.truncated && page.next_token.empty()) {
        return bad_answer("a truncated page has no NextContinuationToken");
    }
    if (page.next_token.size() > 4096) return bad_answer("the continuation token is too long");
    return page;
}

std::optional<ErrorAnswer> parse_error(std::string_view xml)
{
    pugi::xml_document doc;
    if (!load(doc, xml)) return std::nullopt;
    auto root = doc.child("Error");
    if (!root) return std::nullopt;
    ErrorAnswer e{root.child_value("Code"), root.child_value("Message")};
    if (e.code.empty()) return std::nullopt;
    return e;
}

}  // namespace ssosnap::s3
