// Risk classes: the table classifies the changes a watch must shout about as high, the docs
// hold the same table as the code, and classify() turns a real comparison into classes.

#include "fake_snapshot.hpp"

#include "diff/compare.hpp"
#include "diff/risk.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace ssosnap::diff
{
namespace
{

using test::make_snapshot;

RiskClass class_of(std::string_view entry, std::string_view field,
                   EntryStatus status = EntryStatus::modified)
{
    return match_rule(entry, field, status).risk;
}

TEST(RiskTest, IdentityProviderAddedOrRemovedIsHigh)
{
    EXPECT_EQ(class_of("kerberos/saml/okta/config.json", "", EntryStatus::added), RiskClass::high);
    EXPECT_EQ(class_of("kerberos/oidc/entra/config.json", "", EntryStatus::removed),
              RiskClass::high);
    // A modified config is judged by its fields.
    EXPECT_EQ(class_of("kerberos/oidc/entra/config.json", "/scopes/0"), RiskClass::medium);
}

TEST(RiskTest, CertificatesKeysAndKeytabsAreHigh)
{
    EXPECT_EQ(class_of("kerberos/saml/sp/sp-signing.crt", ""), RiskClass::high);
    EXPECT_EQ(class_of("kerberos/saml/sp/sp-signing.key", ""), RiskClass::high);
    EXPECT_EQ(class_of("kerberos/spnego/HTTP-jira.keytab", ""), RiskClass::high);
    EXPECT_EQ(class_of("kerberos/spnego/kerberos.properties", "kerberos.keytab"), RiskClass::high);
    EXPECT_EQ(class_of("kerberos/saml/azure-ad/config.json", "/spSigningCertificate"),
              RiskClass::high);
    EXPECT_EQ(class_of("kerberos/saml/azure-ad/idp-metadata.xml", ""), RiskClass::high);
}

TEST(RiskTest, IssuerEntityIdRedirectAndMetadataUrlsAreHigh)
{
    for (const char* f : {"/issuer", "/entityId", "/redirectUri", "/acsUrl", "/ssoUrl",
                          "/metadataUrl", "/tokenEndpoint"})
        EXPECT_EQ(class_of("kerberos/oidc/okta/config.json", f), RiskClass::high) << f;
}

TEST(RiskTest, PasswordLoginAndMappingRulesAreHigh)
{
    EXPECT_EQ(class_of("kerberos/prevent_username_password_login.txt", ""), RiskClass::high);
    EXPECT_EQ(class_of("settings.json", "/allowUsernamePasswordFallbackForAdmins"),
              RiskClass::high);
    EXPECT_EQ(class_of("kerberos/saml/azure-ad/config.json", "/attributeMapping/email"),
              RiskClass::high);
    EXPECT_EQ(class_of("settings.json", "/userProvisioning/defaultGroups/0"), RiskClass::high);
}

TEST(RiskTest, OtherChangesAreMediumOrLow)
{
    EXPECT_EQ(class_of("settings.json", "/rememberMeSeconds"), RiskClass::medium);
    EXPECT_EQ(class_of("settings.json", "/loginButtonText"), RiskClass::low);
    EXPECT_EQ(class_of("metadata.json", "baseUrl"), RiskClass::medium);
    EXPECT_EQ(class_of("metadata.json", "pluginVersion"), RiskClass::low);
    EXPECT_EQ(class_of("notes/readme.txt", ""), RiskClass::low);
}

TEST(RiskTest, ClassifiesARealComparisonByField)
{
    const std::string old_okta = R"({"id":"okta","issuer":"https://a.example.test","name":"A"})";
    const std::string new_okta = R"({"id":"okta","issuer":"https://b.example.test","name":"B"})";
    auto a = make_snapshot("old.zip", {{"kerberos/oidc/okta/config.json", old_okta},
                                       {"settings.json", R"({"loginButtonText":"x"})"}});
    auto b = make_snapshot("new.zip", {{"kerberos/oidc/okta/config.json", new_okta},
                                       {"kerberos/saml/evil/config.json", R"({"id":"evil"})"},
                                       {"settings.json", R"({"loginButtonText":"y"})"}});
    auto report = compare(a.snapshot, b.snapshot, {});
    ASSERT_TRUE(report.has_value());
    const auto changes = classify(*report);
    ASSERT_EQ(changes.size(), 4u);
    EXPECT_EQ(changes[0].entry, "kerberos/oidc/okta/config.json");
    EXPECT_EQ(changes[0].field, "/issuer");
    EXPECT_EQ(changes[0].risk, RiskClass::high);
    EXPECT_EQ(changes[1].field, "/name");
    EXPECT_EQ(changes[1].risk, RiskClass::low);
    EXPECT_EQ(changes[2].entry, "kerberos/saml/evil/config.json");
    EXPECT_EQ(changes[2].change, "added");
    EXPECT_EQ(changes[2].reason, "identity provider added or removed");
    EXPECT_EQ(changes[3].risk, RiskClass::low);
    const auto n = count_risks(changes);
    EXPECT_EQ(n.high, 2u);
    EXPECT_EQ(n.low, 2u);
    EXPECT_EQ(n.worst(), RiskClass::high);
}

std::vector<std::vector<std::string>> table_rows(const std::string& markdown)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(markdown);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] != '|') continue;
        std::vector<std::string> cells;
        std::istringstream cols(line.substr(1));
        for (std::string cell; std::getline(cols, cell, '|');) {
            const auto b = cell.find_first_not_of(' ');
            const auto e = cell.find_last_not_of(' ');
            cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
        }
        rows.push_back(cells);
    }
    return rows;
}

TEST(RiskTest, DocsTableEqualsTheCodeTable)
{
    std::ifstream in(std::string(SSOSNAP_SOURCE_DIR) + "/docs/format.md");
    ASSERT_TRUE(in) << "docs/format.md";
    std::stringstream s;
    s << in.rdbuf();
    const std::string doc = s.str();
    const auto begin = doc.find("<!-- risk-table begin -->");
    const auto end = doc.find("<!-- risk-table end -->");
    ASSERT_NE(begin, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    auto rows = table_rows(doc.substr(begin, end - begin));
    ASSERT_GE(rows.size(), 2u);
    rows.erase(rows.begin(), rows.begin() + 2);  // header and separator
    EXPECT_EQ(rows, table_rows(risk_table_markdown()));
}

}  // namespace
}  // namespace ssosnap::diff
