#include "archive/classify.hpp"

#include <gtest/gtest.h>

using namespace ssosnap::archive;

TEST(ClassifyTest, KindFromTheNameAlone)
{
    EXPECT_EQ(classify_by_name("settings.json"), EntryKind::json);
    EXPECT_EQ(classify_by_name("kerberos/idp/METADATA.XML"), EntryKind::xml);
    EXPECT_EQ(classify_by_name("a.properties"), EntryKind::properties);
    EXPECT_EQ(classify_by_name("prevent_username_password_login.txt"), EntryKind::text);
    EXPECT_EQ(classify_by_name("cert.pem"), EntryKind::text);
    EXPECT_EQ(classify_by_name("http.keytab"), EntryKind::binary);
    EXPECT_EQ(classify_by_name("kerberos/"), EntryKind::directory);
}

TEST(ClassifyTest, TheExtensionIsTheBaseNamesLastDot)
{
    EXPECT_EQ(classify_by_name("a.xml.JSON"), EntryKind::json);
    EXPECT_EQ(classify_by_name("conf.d/readme"), EntryKind::binary);   // dot in a folder
    EXPECT_EQ(classify_by_name("conf.d\\readme"), EntryKind::binary);  // Windows separator
    EXPECT_EQ(classify_by_name("a/.json"), EntryKind::binary);         // hidden file
    EXPECT_EQ(classify_by_name(".xml"), EntryKind::binary);
    EXPECT_EQ(classify_by_name("a.b/c.Txt"), EntryKind::text);
    EXPECT_EQ(classify_by_name("x.averyveryverylongextension"), EntryKind::binary);
    EXPECT_EQ(classify_by_name("trailing."), EntryKind::binary);
}

TEST(ClassifyTest, ContentWinsOverAMisleadingExtension)
{
    EXPECT_EQ(classify("notes.txt", "  {\"a\": 1}\n"), EntryKind::json);
    EXPECT_EQ(classify("x.json", std::string("\x05\x02\x00\x00\x00\x01", 6)), EntryKind::binary);
    EXPECT_EQ(classify("x.json", "not json at all"), EntryKind::text);
    EXPECT_EQ(classify("idp", "<?xml version=\"1.0\"?><a/>"), EntryKind::xml);
    EXPECT_EQ(classify("a.properties", "k=v\n"), EntryKind::properties);
    EXPECT_EQ(classify("noext", "plain words\n"), EntryKind::text);
}

TEST(ClassifyTest, SecretKeysMatchWithoutCaseOrSeparators)
{
    for (const char* k : {"clientSecret", "CLIENT_SECRET", "password", "ldapBindPassword",
                          "privateKey", "private_key", "keytab", "apiToken", "access_token",
                          "token", "keystore", "sp_Keystore", "apiTokens", "accessTokens"}) {
        EXPECT_TRUE(is_secret_key(k)) << k;
    }
    for (const char* k :
         {"tokenEndpoint", "tokenUrl", "clientId", "description", "baseUrl", "keystoreType"})
        EXPECT_FALSE(is_secret_key(k)) << k;
}

TEST(ClassifyTest, SecretFilesByName)
{
    for (const char* n :
         {"kerberos/http.keytab", "a/b.P12", "x.pfx", "store.jks", "sp.key", "idp-private.pem",
          "kerberos/keytab", "a/.keytab", "HTTP.KEYTAB", "old-Keytab", "a/SP-KEY.PEM"}) {
        EXPECT_TRUE(is_secret_by_name(n)) << n;
    }
    for (const char* n :
         {"idp-cert.pem", "settings.json", "metadata.xml", "keytab/notes.txt", "key/cert.pem"})
        EXPECT_FALSE(is_secret_by_name(n)) << n;
}

TEST(ClassifyTest, SecretContentIsRecognised)
{
    EXPECT_TRUE(is_secret_content("k.pem", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE "
                                           "KEY-----\n"));
    EXPECT_TRUE(is_secret_content("k.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"));
    EXPECT_FALSE(is_secret_content("c.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"));
    EXPECT_TRUE(is_secret_content("x", std::string("\x05\x02\x00\x00\x00\x3c", 6)));
    EXPECT_TRUE(is_secret_content("x", std::string("\xFE\xED\xFE\xED\x00\x00\x00\x02", 8)));
    EXPECT_TRUE(is_secret_content("x", std::string("\xCE\xCE\xCE\xCE\x00\x00\x00\x02", 8)));
    EXPECT_TRUE(is_secret_content("a.p12", std::string("\x30\x82\x0a\x1b\x02\x01\x03", 7)));
    EXPECT_TRUE(is_secret_content("oidc.json", R"({"clientId":"x","clientSecret":"s3cr3t"})"));
    EXPECT_FALSE(is_secret_content("oidc.json", R"({"clientId":"x","clientSecret":""})"));
    EXPECT_FALSE(is_secret_content("oidc.json", R"({"name":"clientSecret","v":1})"));
    EXPECT_FALSE(
        is_secret_content("s.json", R"({"apiToken": {"enabled": true}, "password": null})"));
    EXPECT_TRUE(is_secret_content("s.json", R"({"apiTokens": {"enabled": true, "token": "abc"}})"));
    EXPECT_TRUE(is_secret_content("s.json", R"({"pin": 1, "password": 1234})"));
    EXPECT_TRUE(is_secret_content("l.properties", "# ldap\nurl=ldap://x\nbind.password = pw\n"));
    EXPECT_FALSE(is_secret_content("l.properties", "password=\nurl=x\n"));
    EXPECT_FALSE(is_secret_content("toggle.txt", "true\n"));
}
