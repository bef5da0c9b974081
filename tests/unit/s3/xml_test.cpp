#include "s3/xml.hpp"

#include <gtest/gtest.h>

namespace ssosnap::s3
{
namespace
{

TEST(Xml, ReadsAListingPage)
{
    auto page = parse_list_page(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>backups</Name><Prefix>jira/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated><NextContinuationToken>tok&amp;en</NextContinuationToken>
  <Contents><Key>jira/a.zip</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified>
    <ETag>"abc"</ETag><Size>416</Size></Contents>
  <Contents><Key>jira/a.zip.sha256</Key><ETag>&quot;def&quot;</ETag><Size>103</Size></Contents>
</ListBucketResult>)");
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->objects.size(), 2U);
    EXPECT_EQ(page->objects[0].key, "jira/a.zip");
    EXPECT_EQ(page->objects[0].size, 416U);
    EXPECT_EQ(page->objects[0].etag, "abc");
    EXPECT_EQ(page->objects[1].etag, "def");
    EXPECT_TRUE(page->truncated);
    EXPECT_EQ(page->next_token, "tok&en");  // entities decoded by the parser
}

TEST(Xml, RefusesBadListings)
{
    for (const char* bad :
         {"not xml", "<Error><Code>x</Code></Error>",
          "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
          "<ListBucketResult><Contents><Key>k</Key><Size>1x</Size></Contents></ListBucketResult>",
          "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>",
          "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"}) {
        auto page = parse_list_page(bad);
        ASSERT_FALSE(page) << bad;
        EXPECT_EQ(page.error().id, "s3-bad-answer") << bad;
    }
}

TEST(Xml, ReadsAnErrorAnswer)
{
    auto e = parse_error("<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>NoSuchKey</Code>"
                         "<Message>The specified key does not exist.</Message></Error>");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, "NoSuchKey");
    EXPECT_EQ(e->message, "The specified key does not exist.");
    EXPECT_FALSE(parse_error("<html>503</html>"));
    EXPECT_FALSE(parse_error(""));
}

}  // namespace
}  // namespace ssosnap::s3
