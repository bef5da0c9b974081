// The secrets corpus (fixtures/secrets/, made by its make.sh) run through every command that
// prints archive content — inspect (--deep), verify, ls, diff in each renderer, textconv,
// extract, their --json forms, and the page `diff --html` writes — in-process. All output
// (stdout, stderr and the page) is scanned for every secret value of fixtures/secrets/values.txt
// in raw, JSON-escaped, percent-encoded and base64 form, and for the old unkeyed fingerprint
// (the first 8 hex digits of its SHA-256).
// A reveal test proves each value really is in the archives, so the scan cannot pass vacuously.

#include "cli/app.hpp"
#include "core/sha256.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace
{

const fs::path k_dir = fs::path(SSOSNAP_SOURCE_DIR) / "fixtures" / "secrets";
const std::string k_old = (k_dir / "sso-snapshot-2024-05-01-02_00_00.zip").string();
const std::string k_new = (k_dir / "sso-snapshot-2024-05-02-02_00_00.zip").string();

std::vector<std::string> secret_values()
{
    std::ifstream in(k_dir / "values.txt");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string base64(const std::string& bytes)
{
    static constexpr char k_abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out += k_abc[(n >> s) & 63];
    }
    return out;  // whole groups only: the tail depends on what follows
}

std::string percent_encoded(const std::string& s)
{
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

struct Form {
    std::string what;
    std::string text;
};

// Every form in which `value` could leak.
std::vector<Form> forms(const std::string& value)
{
    std::vector<Form> out{{"raw", value}};
    auto json = nlohmann::json(value).dump();
    out.push_back({"json-escaped", json.substr(1, json.size() - 2)});
    out.push_back({"percent-encoded", percent_encoded(value)});
    // base64 at each of the three alignments: the groups that hold value bytes only.
    for (std::size_t shift = 0; shift < 3; ++shift) {
        auto enc = base64(std::string(shift, '\0') + value);
        auto middle = enc.substr(shift == 0 ? 0 : 4);
        if (middle.size() >= 8) out.push_back({"base64+" + std::to_string(shift), middle});
    }
    out.push_back({"sha256 prefix", ssosnap::core::sha256_hex(value).substr(0, 8)});
    return out;
}

struct CmdRun {
    int status = -1;
    std::string out;
    std::string err;
};

class SecretsScanTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fs::current_path(SSOSNAP_SOURCE_DIR);
        std::string pattern = (fs::temp_directory_path() / "ssosnap-secrets-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_tmp = pattern;
        const char* old = std::getenv("XDG_CONFIG_HOME");
        if (old) m_saved = old;
        ::setenv("XDG_CONFIG_HOME", (m_tmp / "config").c_str(), 1);
    }
    void TearDown() override
    {
        if (m_saved)
            ::setenv("XDG_CONFIG_HOME", m_saved->c_str(), 1);
        else
            ::unsetenv("XDG_CONFIG_HOME");
        std::error_code ec;
        fs::remove_all(m_tmp, ec);
    }

    static CmdRun run(const std::vector<std::string>& args)
    {
        std::istringstream in;
        std::ostringstream out;
        std::ostringstream err;
        CmdRun r;
        r.status = ssosnap::cli::run(args, in, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    // Runs `args`, checks the exit status, and fails for every form of every secret value
    // found in stdout or stderr. Returns the run.
    CmdRun scan(const std::vector<std::string>& args, int status)
    {
        auto r = run(args);
        std::string cmd;
        for (const auto& a : args)
            cmd += " " + a;
        EXPECT_EQ(r.status, status) << cmd << "\n" << r.err;
        expect_no_secret(r.out, "ssosnap" + cmd + " on stdout");
        expect_no_secret(r.err, "ssosnap" + cmd + " on stderr");
        return r;
    }

    // Fails for every form of every secret value found in `text` (`where` says what it is).
    static void expect_no_secret(const std::string& text, const std::string& where)
    {
        for (const auto& value : secret_values()) {
            for (const auto& form : forms(value)) {
                EXPECT_EQ(text.find(form.text), std::string::npos)
                    << where << " shows the secret " << value << " (" << form.what << ": "
                    << form.text << ")";
            }
        }
    }

    static std::string read(const fs::path& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path m_tmp;
    std::optional<std::string> m_saved;
};

TEST_F(SecretsScanTest, CorpusIsThere)
{
    ASSERT_TRUE(fs::exists(k_old)) << "run fixtures/secrets/make.sh";
    ASSERT_TRUE(fs::exists(k_new));
    EXPECT_GE(secret_values().size(), 80U);
}

TEST_F(SecretsScanTest, RevealShowsEveryValueSoTheScanIsNotVacuous)
{
    std::string all = run({"textconv", k_old, "--reveal-secrets"}).out +
                      run({"textconv", k_new, "--reveal-secrets"}).out +
                      run({"diff", k_old, k_new, "--reveal-secrets", "--json"}).out;
    for (const auto& value : secret_values()) {
        bool present = false;
        for (const auto& form : forms(value))  // raw, escaped or (Basic) base64
            present = present ||
                      (form.what != "sha256 prefix" && all.find(form.text) != std::string::npos);
        EXPECT_TRUE(present) << value << " is not in the corpus archives";
    }
}

TEST_F(SecretsScanTest, DiffText)
{
    auto r = scan({"diff", k_old, k_new}, 1);
    EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("config/app.yml"), std::string::npos) << r.out;
}

TEST_F(SecretsScanTest, DiffTextReversedAndWithoutContext)
{
    scan({"diff", k_new, k_old, "--context", "0"}, 1);
    scan({"diff", k_old, k_new, "--context", "50"}, 1);
}

TEST_F(SecretsScanTest, DiffJson)
{
    auto r = scan({"diff", k_old, k_new, "--json"}, 1);
    EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos);
    scan({"diff", k_old, k_new, "--format", "json"}, 1);
}

TEST_F(SecretsScanTest, DiffPatch)
{
    auto r = scan({"diff", k_old, k_new, "--format", "patch"}, 1);
    EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos);
}

TEST_F(SecretsScanTest, DiffHtml)
{
    const auto page = m_tmp / "report.html";
    scan({"diff", k_old, k_new, "--html", page.string()}, 1);
    const auto html = read(page);
    expect_no_secret(html, "diff --html's page");
    EXPECT_NE(html.find("&lt;redacted hmac:"), std::string::npos) << html;
    EXPECT_NE(html.find("<code>config/app.yml</code>"), std::string::npos);
    auto r = scan({"diff", k_new, k_old, "--format", "html", "--context", "0"}, 1);
    EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0U);
    EXPECT_NE(r.out.find("&lt;redacted hmac:"), std::string::npos);
}

TEST_F(SecretsScanTest, DiffHtmlRevealingIsPrivateAndShowsTheValues)
{
    const auto page = m_tmp / "revealed.html";
    ASSERT_EQ(run({"diff", k_old, k_new, "--reveal-secrets", "--html", page.string()}).status, 1);
    const auto html = read(page);
    EXPECT_NE(html.find("IniBindPw-NEW"), std::string::npos);
    EXPECT_NE(html.find("This report shows secret values"), std::string::npos);
    struct stat st {
    };
    ASSERT_EQ(::stat(page.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
}

TEST_F(SecretsScanTest, DiffBriefAndParanoid)
{
    scan({"diff", k_old, k_new, "--brief"}, 1);
    scan({"diff", k_old, k_new, "--paranoid", "--json"}, 1);
}

TEST_F(SecretsScanTest, Textconv)
{
    for (const auto& archive : {k_old, k_new}) {
        auto r = scan({"textconv", archive}, 0);
        EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos);
        EXPECT_NE(r.out.find("=== config/ldap.ini (text)"), std::string::npos) << r.out;
        scan({"textconv", archive, "--json"}, 0);
    }
}

TEST_F(SecretsScanTest, InspectVerifyLs)
{
    for (const auto& archive : {k_old, k_new}) {
        scan({"inspect", archive}, 0);
        scan({"inspect", archive, "--deep"}, 0);
        scan({"inspect", archive, "--deep", "--json"}, 0);
        scan({"verify", archive}, 0);
        scan({"verify", archive, "--json"}, 0);
    }
    scan({"ls", k_dir.string()}, 0);
    scan({"ls", k_dir.string(), "--json"}, 0);
}

TEST_F(SecretsScanTest, ExtractListsWithoutContent)
{
    scan({"extract", k_old, "--to", (m_tmp / "out").string()}, 0);
    scan({"extract", k_new, "--to", (m_tmp / "out-json").string(), "--json"}, 0);
}

TEST_F(SecretsScanTest, InspectDeepMarksEveryFileHoldingASecret)
{
    auto r = run({"inspect", k_old, "--deep", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    std::size_t checked = 0;
    for (const auto& e : doc["entries"]) {
        const auto name = e["name"].get<std::string>();
        const bool harmless =
            name == "metadata.json" || name == "kerberos/prevent_username_password_login.txt";
        EXPECT_EQ(e["secret"].get<bool>(), !harmless) << name;
        ++checked;
    }
    EXPECT_GE(checked, 10U);
}

TEST_F(SecretsScanTest, FingerprintsAreKeyedStableAndPrivate)
{
    auto first = run({"textconv", k_old});
    auto again = run({"textconv", k_old});
    EXPECT_EQ(first.out, again.out);  // one key per user: equal values, equal fingerprints
    const auto key = m_tmp / "config" / "ssosnap" / "fingerprint.key";
    struct stat st {
    };
    ASSERT_EQ(::stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    ASSERT_EQ(::stat(key.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700U);

    ::setenv("XDG_CONFIG_HOME", (m_tmp / "other").c_str(), 1);
    auto other = run({"textconv", k_old});
    EXPECT_NE(first.out, other.out);  // another key: other fingerprints
    EXPECT_NE(first.out.find("<redacted hmac:"), std::string::npos);
}

TEST_F(SecretsScanTest, WithoutAUsableKeyFolderSecretsStayRedacted)
{
    // A config folder beneath a regular file cannot be created (works as root too).
    std::ofstream(m_tmp / "file") << "x";
    ::setenv("XDG_CONFIG_HOME", (m_tmp / "file" / "config").c_str(), 1);
    auto r = scan({"textconv", k_old}, 0);
    EXPECT_NE(r.err.find("fingerprints cannot be compared with other runs"), std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("<redacted hmac:"), std::string::npos);
}

}  // namespace
