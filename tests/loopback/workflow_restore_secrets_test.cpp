// restore --plan prints the diff of the safety snapshot against the archive: the secrets in
// the live config (every format of docs/format.md, "Secret rules") must show as redactions
// there too. RemoteLoopbackTest's TearDown fails on any registered secret in any output.

#include "workflow_support.hpp"

#include <atomic>

namespace ssosnap::loopback
{
namespace
{

std::string base64(const std::string& bytes)
{
    static constexpr char k_abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i + 2 < bytes.size(); i += 3) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out += k_abc[(n >> s) & 63];
    }
    return out;
}

class WorkflowRestoreSecretsTest : public WorkflowLoopbackTest
{
protected:
    void SetUp() override
    {
        WorkflowLoopbackTest::SetUp();
        start([this](emulator::EmulatorOptions& o) {
            o.now = [t = m_clock] { return t->fetch_add(3000); };
        });
    }

    // The value `name-side`, registered as a secret (raw and base64) for TearDown's scan.
    std::string secret(const std::string& name, const std::string& side)
    {
        std::string value = name + "-" + side;
        add_secret(value);
        add_secret(base64(value));
        return value;
    }

    // Writes secrets in every text format into the live config.
    void write_secrets(const std::string& side)
    {
        const auto k = server() / "kerberos";
        write_text(k / "saml" / "sp.xml",
                   "<sp>\n  <clientSecret>" + secret("XmlElement", side) +
                       "</clientSecret>\n  <property name=\"password\" value=\"" +
                       secret("XmlPair", side) + "\"/>\n  <bindPassword>\n    " +
                       secret("XmlMultiLine", side) + "\n  </bindPassword>\n</sp>\n");
        write_text(k / "app.yml", "client_secret: " + secret("YamlSecret", side) +
                                      "\nsigningKey: |\n  " + secret("YamlBlock", side) +
                                      "\ntokenEndpoint: https://idp.example.test/token\n");
        write_text(k / "ldap.ini", "[ldap]\nbindPw = " + secret("IniBindPw", side) +
                                       "\ntoken=" + secret("IniToken", side) + "\n");
        write_text(k / "oidc" / "okta" / "config.json",
                   "// okta\n{\"clientId\": \"okta\", \"clientSecret\": \"" +
                       secret("JsoncSecret", side) + "\", \"apiKey\": \"" +
                       secret("JsoncApiKey", side) + "\"}\n");
        write_text(k / "oidc" / "okta" / "client_secret", secret("NamedFile", side) + "\n");
        write_text(k / "ldap.properties", "bind.pw=" + secret("PropBindPw", side) + "\n");
    }

    std::shared_ptr<std::atomic<std::int64_t>> m_clock =
        std::make_shared<std::atomic<std::int64_t>>(1795000000000);
};

TEST_F(WorkflowRestoreSecretsTest, PlanShowsEveryChangedSecretRedacted)
{
    write_secrets("OLD");
    const auto archive = backup();
    write_secrets("NEW");

    auto r = restore(archive, {"--plan"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("plan only"), std::string::npos) << r.out;
    for (const char* entry : {"kerberos/saml/sp.xml", "kerberos/app.yml", "kerberos/ldap.ini",
                              "kerberos/oidc/okta/config.json", "kerberos/ldap.properties",
                              "kerberos/oidc/okta/client_secret"}) {
        EXPECT_NE(r.out.find(entry), std::string::npos) << entry << " not in the plan:\n" << r.out;
    }
    EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos) << r.out;

    auto j = restore(archive, {"--plan", "--json"});
    ASSERT_EQ(j.status, 0) << j.err;
    EXPECT_NE(j.out.find("<redacted hmac:"), std::string::npos) << j.out;
}

TEST_F(WorkflowRestoreSecretsTest, PlanPageShowsTheSameRedactedPlan)
{
    write_secrets("OLD");
    const auto archive = backup();
    write_secrets("NEW");

    const auto page_path = tmp() / "plan.html";
    auto r = restore(archive, {"--plan", "--html", page_path.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto page = read_text(page_path);
    add_output(page);  // TearDown: no secret, raw or base64
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
    EXPECT_NE(page.find("<h1>Restore plan</h1>"), std::string::npos) << page;
    EXPECT_NE(page.find("server now (safety snapshot)"), std::string::npos);
    EXPECT_NE(page.find("\u2713 passes"), std::string::npos) << page;
    for (const char* entry : {"kerberos/saml/sp.xml", "kerberos/app.yml", "kerberos/ldap.ini",
                              "kerberos/oidc/okta/config.json", "kerberos/ldap.properties",
                              "kerberos/oidc/okta/client_secret"}) {
        EXPECT_NE(page.find("<code>" + std::string(entry) + "</code>"), std::string::npos)
            << entry << " not in the page";
    }
    // The same fingerprints as the text plan: one key, the same values.
    const auto at = r.out.find("<redacted hmac:");
    ASSERT_NE(at, std::string::npos) << r.out;
    const auto fingerprint = r.out.substr(at + 1, r.out.find('>', at) - at - 1);
    EXPECT_NE(page.find("&lt;" + fingerprint + "&gt;"), std::string::npos) << fingerprint;
}

}  // namespace
}  // namespace ssosnap::loopback
