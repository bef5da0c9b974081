#include "archive/secrets.hpp"

#include "archive/classify.hpp"
#include "archive/secret_scan.hpp"

#include <gtest/gtest.h>
#include <string>

namespace ssosnap::archive
{
namespace
{

// The values find_secret_spans marks in `text`, in order.
std::vector<std::string> found(std::string_view text)
{
    std::vector<std::string> out;
    for (const auto& s : find_secret_spans(text))
        out.emplace_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

using V = std::vector<std::string>;

// base64 of a PEM private key (what a value "looks like" when someone encodes the file).
const std::string k_b64_pem = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lH"
                              "OXcwQkFRRUZBQVNDQktnd2dnU2tBZ0VBQW9JQkFRQwotLS0tLUVORCBQUklWQVRF"
                              "IEtFWS0tLS0tCg==";

TEST(SecretKeyTest, RecognisesTheNamesFoundUnredacted)
{
    for (const char* k :
         {"bindCredential", "bind.pw", "java.naming.security.credentials", "KEYSTORE_PASS", "pwd",
          "bindPw", "pass", "apiKey", "sharedKey", "signingKey", "encryptionKey", "accessTokens",
          "tokenValue", "authorization", "Authorization", "client_secret", "x-api-key",
          "ldap:bindPassword", "PIN"}) {
        EXPECT_TRUE(is_secret_key(k)) << k;
    }
}

TEST(SecretKeyTest, LeavesDescriptionsOfTokensVisible)
{
    for (const char* k : {"tokenEndpoint", "token_url", "accessTokenLifetime", "idTokenSigningAlg",
                          "tokenType", "keystoreType", "keystorePath", "clientId", "name", "key",
                          "value", "authMethod", "issuer", ""}) {
        EXPECT_FALSE(is_secret_key(k)) << k;
    }
}

TEST(SecretNameTest, FileNamesThatSaySecret)
{
    for (const char* n : {"kerberos/oidc/okta/client_secret", "ldap/bind-password.txt",
                          "conf/bind.pw", "api.tokens", "a/credentials", "x/secrets.yml"}) {
        EXPECT_TRUE(is_secret_by_name(n)) << n;
    }
    for (const char* n : {"kerberos/prevent_username_password_login.txt", "settings.json",
                          "kerberos/saml/okta/metadata.xml", "token-endpoint.txt"}) {
        EXPECT_FALSE(is_secret_by_name(n)) << n;
    }
}

TEST(SecretValueTest, CredentialsInsideValues)
{
    EXPECT_TRUE(is_secret_value("Basic dXNlcjpodW50ZXIy"));  // user:hunter2
    EXPECT_TRUE(is_secret_value("Bearer abcdefgh12345"));
    EXPECT_TRUE(is_secret_value("ldaps://cn=admin:Pa55word@ldap.example.test/"));
    EXPECT_TRUE(is_secret_value("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
    EXPECT_TRUE(is_secret_value(k_b64_pem));
    EXPECT_TRUE(is_secret_value("-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----"));
    EXPECT_FALSE(is_secret_value("Basic settings"));
    EXPECT_FALSE(is_secret_value("https://idp.example.test/saml"));
    EXPECT_FALSE(is_secret_value("MIIC8DCCAdigAwIBAgIQ"));  // a certificate's start
}

TEST(SecretMaterialTest, Base64OfKeyMaterialIsSecretMaterial)
{
    EXPECT_TRUE(is_secret_material(k_b64_pem));
    EXPECT_TRUE(is_secret_material(k_b64_pem.substr(0, 64) + "\n" + k_b64_pem.substr(64)));
    EXPECT_TRUE(is_secret_material("BQIAAABFAAEAC0VYQU1QTEUuT1JH"));  // keytab 05 02
    EXPECT_FALSE(is_secret_material("aGVsbG8gd29ybGQsIGhlbGxvIHdvcmxk"));
}

TEST(SecretScanTest, KeyValueLinesInEveryTextFormat)
{
    EXPECT_EQ(found("client_secret: abc1\nclient_id: x\n"), V{"abc1"});
    EXPECT_EQ(found("[ldap]\nbind password = abc2\nurl=ldap://x\n"), V{"abc2"});
    EXPECT_EQ(found("token=abc3\n"), V{"abc3"});
    EXPECT_EQ(found("export KEYSTORE_PASS=abc4\n"), V{"abc4"});
    EXPECT_EQ(found("# password=abc5\n"), V{"abc5"});
    EXPECT_EQ(found("- name: x\n  apiKey: \"abc6\"\n"), V{"\"abc6\""});
    EXPECT_EQ(found("bindpw abc7\n"), V{"abc7"});
    EXPECT_EQ(found("authorization: Basic dXNlcjpodW50ZXIy\n"), V{"Basic dXNlcjpodW50ZXIy"});
    EXPECT_EQ(found("  \"clientSecret\": \"abc8\", // note\n"), V{"\"abc8\", // note"});
    EXPECT_EQ(found("{\"a\": 1, \"password\": \"abc9\", \"b\": 2}\n"), V{"\"abc9\""});
    EXPECT_TRUE(found("tokenEndpoint: https://x/token\nname: y\n").empty());
}

TEST(SecretScanTest, YamlBlocksUnderASecretKey)
{
    EXPECT_EQ(found("privateKey: |\n  line1\n  line2\nnext: 1\n"), V({"line1", "line2"}));
    EXPECT_EQ(found("accessTokens:\n  - tok1\n  - tok2\nother: 1\n"), V({"tok1", "tok2"}));
    EXPECT_EQ(found("password:\nnext: 1\n"), V{});
}

TEST(SecretScanTest, XmlElementsAttributesAndNameValuePairs)
{
    EXPECT_EQ(found("<a><clientSecret>x1</clientSecret></a>"), V{"x1"});
    EXPECT_EQ(found("<property name=\"password\" value=\"x2\"/>"), V{"x2"});
    EXPECT_EQ(found("<add key='ApiKey' value='x3' />"), V{"x3"});
    EXPECT_EQ(found("<ldap bindPassword=\"x4\" url=\"ldap://h\"/>"), V{"x4"});
    EXPECT_EQ(found("<bindPassword>\n  part1\n  part2\n</bindPassword>"), V({"part1\n  part2"}));
    EXPECT_EQ(found("<entry key=\"bind.pw\">x5</entry>"), V{"x5"});
    EXPECT_EQ(found("<p><name>password</name><value>x6</value></p><value>shown</value>"), V{"x6"});
    EXPECT_EQ(found("<ns:secret>x7"), V{"x7"});  // never closed: to the end
    EXPECT_TRUE(found("<md:KeyDescriptor use=\"signing\"><X509Certificate>MIIC</X509Certificate>"
                      "</md:KeyDescriptor>")
                    .empty());
}

TEST(SecretScanTest, WrappedBase64KeyOverSeveralLines)
{
    std::string text = "key:\n" + k_b64_pem.substr(0, 60) + "\n" + k_b64_pem.substr(60) + "\n";
    auto spans = find_secret_spans("data follows\n" + text.substr(5));
    ASSERT_EQ(spans.size(), 1U);
}

TEST(SecretContentTest, TextAndXmlHoldingSecretValuesAreSecret)
{
    EXPECT_TRUE(is_secret_content("app.yml", "password: x\n"));
    EXPECT_TRUE(is_secret_content("idp.xml", "<a><clientSecret>x</clientSecret></a>"));
    EXPECT_TRUE(is_secret_content("k.b64", k_b64_pem));
    EXPECT_FALSE(is_secret_content("toggle.txt", "true\n"));
}

TEST(ClassifyCommentsTest, JsonWithLeadingCommentsIsJson)
{
    EXPECT_EQ(classify("oidc.json", "// okta\n/* x */ {\"a\": 1}\n"), EntryKind::json);
    EXPECT_EQ(classify("notes.txt", "// okta\n{\"a\": 1}\n"), EntryKind::text);
}

}  // namespace
}  // namespace ssosnap::archive
