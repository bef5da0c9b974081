// No terminal control from an archive reaches the terminal: entry names, metadata text and
// content lines holding ESC sequences (an OSC title change, a screen clear), C1 controls and
// invalid UTF-8 are shown escaped by every command that prints them, in text and in JSON,
// errors and warnings included. And a mistyped flag's value is never echoed.

#include "../archive/zip_builder.hpp"
#include "cli/app.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ssosnap::cli
{
namespace
{

namespace fs = std::filesystem;

constexpr const char* k_osc = "\x1b]0;pwned\x07";  // sets the terminal's title
constexpr const char* k_clear = "\x1b[2J";         // clears the screen
constexpr const char* k_csi_c1 = "\xc2\x9b";       // U+009B, the one-byte CSI

std::string metadata_json(const std::string& description)
{
    return "{\"applicationName\": \"JIRA\", \"applicationVersion\": \"8.16.1\", "
           "\"pluginVersion\": \"5.2.1\", \"baseUrl\": \"https://jira.example.test\", "
           "\"timeMillis\": 1641298623998, \"description\": \"" +
           description + "\"}\n";
}

struct Output {
    int status = -1;
    std::string out;
    std::string err;
};

class EscapeOutputTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string tmpl = (fs::temp_directory_path() / "ssosnap-escape-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_dir = tmpl;
        // JSON escapes: \u001b in the metadata decodes to a raw ESC in the description.
        const std::string description = "\\u001b]0;pwned\\u0007 \\u009b2J \\u001b[31mred";
        // Enough ordinary lines that a few control bytes still leave the files text.
        std::string filler;
        for (int i = 0; i < 60; ++i)
            filler += "key" + std::to_string(i) + "=value " + std::to_string(i) + "\n";
        write(old_archive(), {{"metadata.json", metadata_json(description)},
                              {std::string("kerberos/") + k_osc + "title.txt", "same\n"},
                              {"kerberos/line.txt", filler + "a=1\nb=2\n"},
                              {"kerberos/conf.properties", filler + "k=v\n"}});
        write(new_archive(),
              {{"metadata.json", metadata_json(description + "2")},
               {std::string("kerberos/") + k_clear + k_csi_c1 + "new\xff.txt", "new\n"},
               {"kerberos/line.txt", filler + "a=1\nb=" + k_clear + "2" + k_osc + "\n"},
               {"kerberos/conf.properties", filler + "k=" + k_osc + "\n"}});
    }
    void TearDown() override
    {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    fs::path old_archive() const { return m_dir / "a" / "sso-snapshot-2022-01-04-13_17_03.zip"; }
    fs::path new_archive() const { return m_dir / "a" / "sso-snapshot-2022-01-04-13_17_04.zip"; }

    static void write(const fs::path& path, const std::vector<test::RawEntry>& entries)
    {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << test::build_zip(entries);
    }

    Output run(const std::vector<std::string>& args)
    {
        std::istringstream in;
        std::ostringstream out;
        std::ostringstream err;
        Output r;
        r.status = cli::run(args, in, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    /// Fails the test when `text` holds a byte a terminal would obey.
    static void expect_no_control(const std::string& text, const std::string& what)
    {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
            const bool c0 = c < 0x20 && c != '\n' && c != '\t';
            const bool c1 = c == 0xc2 && next >= 0x80 && next <= 0x9f;
            const bool bad_utf8 = c == 0xff;
            ASSERT_FALSE(c0 || c == 0x7f || c1 || bad_utf8)
                << what << ": byte " << int(c) << " at " << i << " in:\n"
                << text;
        }
    }

    void expect_clean(const std::vector<std::string>& args)
    {
        auto r = run(args);
        std::string what;
        for (const auto& a : args)
            what += a + " ";
        expect_no_control(r.out, what + "(stdout)");
        expect_no_control(r.err, what + "(stderr)");
        m_last = r;
    }

    fs::path m_dir;
    Output m_last;
};

TEST_F(EscapeOutputTest, InspectShowsNamesAndMetadataEscaped)
{
    expect_clean({"inspect", old_archive().string()});
    EXPECT_NE(m_last.out.find("kerberos/\\x1b]0;pwned\\x07title.txt"), std::string::npos)
        << m_last.out;
    EXPECT_NE(m_last.out.find("\\x1b]0;pwned\\x07 \\u{9b}2J"), std::string::npos) << m_last.out;
    expect_clean({"inspect", old_archive().string(), "--json"});
}

TEST_F(EscapeOutputTest, LsVerifyAndValidateShowEverythingEscaped)
{
    expect_clean({"ls", (m_dir / "a").string()});
    EXPECT_NE(m_last.out.find("\\u{9b}2J"), std::string::npos) << m_last.out;
    expect_clean({"ls", (m_dir / "a").string(), "--json"});
    expect_clean({"verify", new_archive().string()});
    EXPECT_NE(m_last.out.find("unsafe-path"), std::string::npos) << m_last.out;
    expect_clean({"verify", new_archive().string(), "--json"});
    expect_clean({"validate", new_archive().string(), "--app", "JIRA"});
    expect_clean({"validate", new_archive().string(), "--app", "JIRA", "--json"});
}

TEST_F(EscapeOutputTest, DiffInEveryRendererShowsNamesAndLinesEscaped)
{
    const auto a = old_archive().string();
    const auto b = new_archive().string();
    expect_clean({"diff", a, b});
    EXPECT_EQ(m_last.status, 1) << m_last.err;
    EXPECT_NE(m_last.out.find("b=\\x1b[2J2\\x1b]0;pwned\\x07"), std::string::npos) << m_last.out;
    EXPECT_NE(m_last.out.find("\\u{9b}new\\xff.txt"), std::string::npos) << m_last.out;
    EXPECT_NE(m_last.out.find("k: v -> \\x1b]0;pwned\\x07"), std::string::npos) << m_last.out;
    expect_clean({"diff", a, b, "--format", "patch"});
    expect_clean({"diff", a, b, "--json"});
    EXPECT_NE(m_last.out.find("\\u009b"), std::string::npos) << m_last.out;
}

TEST_F(EscapeOutputTest, ErrorsNamingAnEntryAreEscaped)
{
    expect_clean({"extract", new_archive().string(), "--to", (m_dir / "out").string()});
    EXPECT_EQ(m_last.status, 6) << m_last.err;
    EXPECT_NE(m_last.err.find("ssosnap: error: "), std::string::npos) << m_last.err;
    expect_clean({"inspect", (m_dir / ("missing\x1b[2J" + std::string(k_osc) + ".zip")).string()});
    EXPECT_EQ(m_last.status, 3) << m_last.err;
    EXPECT_NE(m_last.err.find("missing\\x1b[2J"), std::string::npos) << m_last.err;
}

TEST_F(EscapeOutputTest, AMistypedFlagNamesTheOptionButNeverItsValue)
{
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"remote", "list", "--tokn", "SEKRIT5"},
             {"remote", "list", "--tokn=SEKRIT5"},
             {"remote", "list", "--json", "--password", "SEKRIT5"},
             {"inspect", old_archive().string(), "-pSEKRIT5"},
             {"inspect", old_archive().string(), "SEKRIT5"}}) {
        auto r = run(args);
        EXPECT_EQ(r.status, 2) << r.err;
        EXPECT_EQ(r.err.find("SEKRIT5"), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find("SEKRIT5"), std::string::npos) << r.out;
        EXPECT_NE(r.err.find("ssosnap: error: "), std::string::npos) << r.err;
    }
    auto r = run({"remote", "list", "--tokn", "SEKRIT5"});
    EXPECT_NE(r.err.find("unknown option '--tokn'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ssosnap::cli
