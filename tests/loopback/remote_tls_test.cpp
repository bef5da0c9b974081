// HTTPS with a certificate made at test time by openssl: trusted with --cacert, refused
// without it, accepted with --insecure (and a warning).

#include "remote_support.hpp"

namespace ssosnap::loopback
{
namespace
{

class RemoteTlsTest : public RemoteLoopbackTest
{
protected:
    void SetUp() override
    {
        RemoteLoopbackTest::SetUp();
        m_cert = tmp() / "cert.pem";
        const auto key = tmp() / "key.pem";
        const std::string cmd =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
            "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
            key.string() + "' -out '" + m_cert.string() + "' >/dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl cannot make a certificate";
        start([&](emulator::EmulatorOptions& o) {
            o.tls_cert = m_cert;
            o.tls_key = key;
        });
        ASSERT_EQ(url().rfind("https://127.0.0.1:", 0), 0u) << url();
    }

    fs::path m_cert;
};

TEST_F(RemoteTlsTest, WorksWithCacert)
{
    auto r = run_admin({"remote", "list", "--cacert", m_cert.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

TEST_F(RemoteTlsTest, RefusedWithoutCacertAndSuggestsIt)
{
    auto r = run_admin({"remote", "ping"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.err.find("--cacert"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("ping"), 0) << "nothing reached the server";
}

TEST_F(RemoteTlsTest, PlainHttpToATlsPortSaysSo)
{
    auto http = url();
    http.replace(0, 5, "http");
    auto r = run_admin_at(http, {"remote", "ping", "--retries", "0", "--json"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_NE(r.out.find("\"code\": \"tls-port\""), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("that port speaks TLS: it serves https://"), std::string::npos) << r.err;
    EXPECT_EQ(count_requests("ping"), 0);
}

TEST_F(RemoteTlsTest, WorksWithInsecureAndWarns)
{
    auto r = run_admin({"remote", "ping", "--insecure"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--insecure"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ssosnap::loopback
