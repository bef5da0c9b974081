#include "diff/redact.hpp"

#include "core/sha256.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace ssosnap::diff
{
namespace
{

core::FingerprintKey test_key(std::uint8_t first)
{
    core::FingerprintKey k{};
    for (std::size_t i = 0; i < k.size(); ++i)
        k[i] = static_cast<std::uint8_t>(first + i);
    return k;
}

TEST(RedactTest, RedactionShowsAKeyedFingerprintOnly)
{
    Redactor r(test_key(1));
    EXPECT_EQ(r.redaction("s3cret"),
              "<redacted " + core::keyed_fingerprint(test_key(1), "s3cret") + ">");
    EXPECT_EQ(r.redaction("s3cret").size(), std::string("<redacted hmac:0123456789ab>").size());
    EXPECT_NE(r.redaction("s3cret"), Redactor(test_key(2)).redaction("s3cret"));
    EXPECT_EQ(r.redaction("s3cret").find(core::sha256_hex("s3cret").substr(0, 8)),
              std::string::npos);
}

TEST(RedactTest, DefaultRedactorUsesOneKeyPerProcess)
{
    EXPECT_EQ(Redactor().redaction("x"), Redactor().redaction("x"));
    EXPECT_NE(Redactor().redaction("x"), Redactor(test_key(1)).redaction("x"));
    EXPECT_FALSE(Redactor().reveals());
    EXPECT_TRUE(Redactor::reveal().reveals());
    EXPECT_EQ(Redactor::reveal().redact_text("password=hunter2\n"), "password=hunter2\n");
}

TEST(RedactTest, RedactTextKeepsLinesAndHidesEveryFormatsSecrets)
{
    const std::string text = "client_secret: y-SECRET\n"
                             "<bindPassword>\n  m1-SECRET\n  m2-SECRET\n</bindPassword>\n"
                             "<property name=\"password\" value=\"p-SECRET\"/>\n"
                             "bind.pw=i-SECRET\nurl=ldap://shown\n";
    auto out = Redactor(test_key(1)).redact_text(text);
    EXPECT_EQ(out.find("SECRET"), std::string::npos) << out;
    EXPECT_NE(out.find("url=ldap://shown\n"), std::string::npos) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
    EXPECT_NE(out.find("client_secret: <redacted hmac:"), std::string::npos) << out;
    EXPECT_EQ(Redactor::reveal().redact_text(text), text);
}

TEST(RedactTest, RedactValueHidesCredentialsButKeepsTheRest)
{
    Redactor r(test_key(1));
    auto v = r.redact_value("ldaps://svc:pw-SECRET@ldap.example.test/dc=x");
    EXPECT_EQ(v.find("pw-SECRET"), std::string::npos) << v;
    EXPECT_NE(v.find("@ldap.example.test/dc=x"), std::string::npos) << v;
    EXPECT_EQ(r.redact_value("plain words"), "plain words");
}

TEST(RedactTest, SplitLinesKeepsTerminators)
{
    auto lines = split_lines("a\nb\r\nc");
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[0], "a\n");
    EXPECT_EQ(lines[1], "b\r\n");
    EXPECT_EQ(lines[2], "c");
    EXPECT_TRUE(split_lines("").empty());
}

TEST(RedactTest, LinesInsideAnyPrivateKeyBlockAreRedacted)
{
    std::string text = "cert\n-----BEGIN RSA PRIVATE KEY-----\nAAAA\nBBBB\n"
                       "-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nCCCC\n";
    auto out = redact_key_blocks(text, Redactor());
    EXPECT_EQ(out.find("AAAA"), std::string::npos);
    EXPECT_EQ(out.find("BBBB"), std::string::npos);
    EXPECT_NE(out.find("CCCC"), std::string::npos);
    EXPECT_NE(out.find("-----BEGIN RSA PRIVATE KEY-----\n"), std::string::npos);
    EXPECT_NE(out.find("-----END RSA PRIVATE KEY-----\n"), std::string::npos);
}

TEST(RedactTest, OneLineBlocksAndMarkersWithContentAreRedactedWhole)
{
    auto one = redact_key_blocks(
        "<k>-----BEGIN PRIVATE KEY-----MIIsecret-----END PRIVATE KEY-----</k>\nnext\n", Redactor());
    EXPECT_EQ(one.find("MIIsecret"), std::string::npos);
    EXPECT_NE(one.find("next\n"), std::string::npos);
    auto edge = redact_key_blocks("<k>-----BEGIN EC PRIVATE KEY-----x1\ny2\nz3-----END EC "
                                  "PRIVATE KEY-----</k>\n",
                                  Redactor());
    EXPECT_EQ(edge.find("x1"), std::string::npos);
    EXPECT_EQ(edge.find("y2"), std::string::npos);
    EXPECT_EQ(edge.find("z3"), std::string::npos);
}

TEST(RedactTest, UnterminatedBlockIsRedactedToTheEnd)
{
    auto out = redact_key_blocks("-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB", Redactor());
    EXPECT_EQ(out.find("AAAA"), std::string::npos);
    EXPECT_EQ(out.find("BBBB"), std::string::npos);
}

TEST(RedactTest, TextWithoutKeysIsUnchanged)
{
    EXPECT_EQ(redact_key_blocks("-----BEGIN CERTIFICATE-----\nX\n", Redactor()),
              "-----BEGIN CERTIFICATE-----\nX\n");
    EXPECT_FALSE(has_private_key_marker("PUBLIC KEY-----"));
}

TEST(RedactTest, SecretFilesAreRecognisedByNameOrContent)
{
    using archive::EntryKind;
    EXPECT_TRUE(is_secret_file("kerberos/http.keytab", EntryKind::binary, "x"));
    EXPECT_TRUE(is_secret_file("kerberos/sp.pem", EntryKind::text,
                               "-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----\n"));
    EXPECT_FALSE(
        is_secret_file("kerberos/idp.xml", EntryKind::xml, "<x>-----BEGIN PRIVATE KEY-----</x>"));
    EXPECT_FALSE(is_secret_file("logo.png", EntryKind::binary, "\x89PNG"));
}

}  // namespace
}  // namespace ssosnap::diff
