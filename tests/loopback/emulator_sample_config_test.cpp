// ksso-emulator --sample-config: the sample lands in an empty data folder byte for byte as
// fixtures/sample-config/ holds it (mode 0600), a folder with a config of its own is refused,
// and a backup of an emulator started on it holds the IdPs, the keytab and secrets that
// inspect --deep finds.

#include "emulator/sample_config.hpp"
#include "workflow_support.hpp"

namespace ssosnap::loopback
{
namespace
{

const fs::path k_sample = fs::path(SSOSNAP_FIXTURES_DIR) / "sample-config";

class EmulatorSampleConfigTest : public WorkflowLoopbackTest
{
};

TEST_F(EmulatorSampleConfigTest, WritesEveryFileOfTheSampleAsSecretFiles)
{
    const auto home = tmp() / "home";
    ASSERT_TRUE(emulator::write_sample_config(home).has_value());
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(k_sample)) {
        if (!e.is_regular_file()) continue;
        ++files;
        const auto written = home / fs::relative(e.path(), k_sample);
        ASSERT_TRUE(fs::exists(written)) << written;
        EXPECT_EQ(read_text(written), read_text(e.path())) << written;
        EXPECT_EQ(fs::status(written).permissions() &
                      (fs::perms::group_all | fs::perms::others_all),
                  fs::perms::none)
            << written;
    }
    EXPECT_GE(files, 9);
    EXPECT_EQ(static_cast<std::size_t>(files), emulator::sample_files().size());
    EXPECT_TRUE(fs::exists(home / "kerberos" / "spnego" / "HTTP-jira.keytab"));
    EXPECT_NE(read_text(home / "kerberos" / "ldap" / "ldap.properties").find("ldap.bindPassword="),
              std::string::npos);
}

TEST_F(EmulatorSampleConfigTest, RefusesAFolderWithAConfigOfItsOwn)
{
    const auto home = tmp() / "home";
    write_text(home / "kerberos" / "mine.xml", "<mine/>\n");
    auto done = emulator::write_sample_config(home);
    ASSERT_FALSE(done.has_value());
    EXPECT_EQ(done.error().code, core::Errc::input);
    EXPECT_NE(done.error().message.find("already holds a configuration"), std::string::npos);
    EXPECT_EQ(read_text(home / "kerberos" / "mine.xml"), "<mine/>\n");
    EXPECT_FALSE(fs::exists(home / "settings.json"));
}

TEST_F(EmulatorSampleConfigTest, ABackupOfTheSampleHoldsItsIdpsKeytabAndSecrets)
{
    const auto home = tmp() / "home";
    ASSERT_TRUE(emulator::write_sample_config(home).has_value());
    start([&](emulator::EmulatorOptions& o) { o.data_dir = home; });
    const auto archive = backup();
    auto r = run({"inspect", archive.string(), "--deep", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::map<std::string, bool> secret;
    const auto doc = nlohmann::json::parse(r.out);
    for (const auto& e : doc["entries"])
        secret[e["name"].get<std::string>()] = e["secret"].get<bool>();
    EXPECT_TRUE(secret.at("kerberos/oidc/okta/config.json"));    // clientSecret
    EXPECT_TRUE(secret.at("kerberos/ldap/ldap.properties"));     // ldap.bindPassword
    EXPECT_TRUE(secret.at("kerberos/spnego/HTTP-jira.keytab"));  // a keytab
    EXPECT_TRUE(secret.at("kerberos/saml/sp/sp-signing.key"));   // a private key
    EXPECT_FALSE(secret.at("kerberos/saml/azure-ad/idp-metadata.xml"));
    EXPECT_EQ(r.out.find("sample-only-ldap-password"), std::string::npos);
}

}  // namespace
}  // namespace ssosnap::loopback
