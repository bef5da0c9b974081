// Runs every tests/cli/cases/*.case file in-process through ssosnap::cli::run(), with the
// working directory at the source tree. The case format is described in tests/cli/README.md.

#include "cli/app.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include <regex.h>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace
{

const fs::path k_cases = fs::path(SSOSNAP_SOURCE_DIR) / "tests" / "cli" / "cases";
// The fingerprint key every case runs with (tests only: it protects nothing).
constexpr const char* k_test_key =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

struct Directive {
    int line = 0;
    std::string key;
    std::string value;
};

struct Case {
    std::string name;  // file stem
    fs::path file;
};

void PrintTo(const Case& c, std::ostream* os)
{
    *os << c.file.filename().string();
}

std::vector<Case> list_cases()
{
    std::vector<Case> out;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(k_cases, ec)) {
        if (item.path().extension() == ".case")
            out.push_back({item.path().stem().string(), item.path()});
    }
    std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return out;
}

std::string read_text(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<Directive> parse(const fs::path& file)
{
    std::vector<Directive> out;
    std::istringstream in(read_text(file));
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        auto colon = line.find(':');
        Directive d{n, line, ""};
        if (colon != std::string::npos && line.find(' ') > colon) {
            d.key = line.substr(0, colon);
            d.value = line.substr(colon + 1);
            if (!d.value.empty() && d.value[0] == ' ') d.value.erase(0, 1);
        }
        out.push_back(d);
    }
    return out;
}

// Splits like a POSIX shell, without expansions: '...' literal, "..." with \" and \\, and
// backslash escapes outside quotes.
std::vector<std::string> split_args(const std::string& s)
{
    std::vector<std::string> out;
    std::string cur;
    bool have = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            if (have) out.push_back(cur);
            cur.clear();
            have = false;
        } else if (c == '\'') {
            auto end = s.find('\'', i + 1);
            cur += s.substr(i + 1, end - i - 1);
            i = end == std::string::npos ? s.size() : end;
            have = true;
        } else if (c == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                cur += s[i];
            }
            have = true;
        } else if (c == '\\' && i + 1 < s.size()) {
            cur += s[++i];
            have = true;
        } else {
            cur += c;
            have = true;
        }
    }
    if (have) out.push_back(cur);
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to)
{
    if (from.empty()) return s;
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

std::string unescape(const std::string& s)
{
    return replace_all(replace_all(replace_all(s, "\\n", "\n"), "\\t", "\t"), "\\e", "\x1b");
}

// tty: stdout stderr stdin — the named streams count as terminals for this case.
void set_terminals(ssosnap::cli::Terminals& t, const std::string& names)
{
    for (const auto& name : split_args(names)) {
        if (name == "stdout")
            t.out = true;
        else if (name == "stderr")
            t.err = true;
        else if (name == "stdin")
            t.in = true;
        else
            ADD_FAILURE() << "tty: unknown stream '" << name << "'";
    }
}

struct RunResult {
    int status = 0;
    std::string out;
    std::string err;
};

class CliCaseTest : public ::testing::TestWithParam<Case>
{
protected:
    void SetUp() override
    {
        fs::current_path(SSOSNAP_SOURCE_DIR);
        std::string pattern = (fs::temp_directory_path() / "ssosnap-cli-case-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_tmp = pattern;
        use_test_fingerprint_key();
    }
    // Every case sees the same fingerprint key (k_test_key, in a folder of its own so that
    // `dir-entries: {tmp}` counts stay true), so redactions in golden output are stable and
    // no case creates a key in the real home folder. A case may override XDG_CONFIG_HOME.
    void use_test_fingerprint_key()
    {
        std::string pattern = (fs::temp_directory_path() / "ssosnap-cli-config-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_config = pattern;
        fs::create_directories(m_config / "ssosnap");
        std::ofstream(m_config / "ssosnap" / "fingerprint.key") << k_test_key << "\n";
        set_env("XDG_CONFIG_HOME=" + m_config.string());
    }
    void TearDown() override
    {
        for (const auto& [name, old] : m_saved_env) {
            if (old)
                ::setenv(name.c_str(), old->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
        std::error_code ec;
        fs::permissions(m_tmp, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_tmp, ec);
        fs::remove_all(m_config, ec);
    }
    std::string subst(const std::string& s) const
    {
        return replace_all(s, "{tmp}", m_tmp.string());
    }
    std::string unsubst(const std::string& s) const
    {
        return replace_all(s, m_tmp.string(), "{tmp}");
    }

    RunResult run(const std::string& args, const std::string& stdin_text,
                  ssosnap::cli::Terminals terminals = {})
    {
        std::vector<std::string> argv;
        for (const auto& a : split_args(args))
            argv.push_back(subst(a));
        std::istringstream in(stdin_text);
        std::ostringstream out;
        std::ostringstream err;
        RunResult r;
        r.status = ssosnap::cli::run(argv, in, out, err, terminals);
        r.out = unsubst(out.str());
        r.err = unsubst(err.str());
        return r;
    }

    void set_env(const std::string& assignment)
    {
        auto eq = assignment.find('=');
        std::string name = assignment.substr(0, eq);
        if (!m_saved_env.count(name)) {
            const char* old = std::getenv(name.c_str());
            m_saved_env[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (eq == std::string::npos)
            ::unsetenv(name.c_str());
        else
            ::setenv(name.c_str(), subst(assignment.substr(eq + 1)).c_str(), 1);
    }

    void check(const Directive& d, const RunResult& r);

    fs::path m_tmp;
    fs::path m_config;
    std::map<std::string, std::optional<std::string>> m_saved_env;
};

// POSIX extended regex, `^`/`$` at line ends (REG_NEWLINE). Not <regex>: GCC 12 reports a
// false -Wmaybe-uninitialized inside std::function when std::regex is built at -O1 with ASan.
bool regex_search(const std::string& text, const std::string& pattern)
{
    regex_t re{};
    if (regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NEWLINE | REG_NOSUB) != 0) {
        ADD_FAILURE() << "bad regex /" << pattern << "/";
        return false;
    }
    const bool found = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
    regfree(&re);
    return found;
}

void check_stream(const Directive& d, const std::string& which, const std::string& text)
{
    const std::string& v = d.value;
    if (d.key == which + "-contains") {
        EXPECT_NE(text.find(unescape(v)), std::string::npos) << which << " lacks: " << v;
    } else if (d.key == which + "-not-contains") {
        EXPECT_EQ(text.find(unescape(v)), std::string::npos) << which << " must not hold: " << v;
    } else if (d.key == which + "-regex") {
        EXPECT_TRUE(regex_search(text, unescape(v))) << which << " does not match /" << v << "/";
    } else if (d.key == which + "-empty") {
        EXPECT_EQ(text, "") << which << " should be empty";
    } else if (d.key == which + "-file") {
        auto golden = k_cases / v;
        if (std::getenv("SSOSNAP_UPDATE_GOLDEN") != nullptr) {
            std::ofstream(golden, std::ios::binary) << text;
            return;
        }
        ASSERT_TRUE(fs::exists(golden)) << "missing golden file " << golden
                                        << " (run with SSOSNAP_UPDATE_GOLDEN=1 to create it)";
        EXPECT_EQ(text, read_text(golden)) << which << " differs from " << v;
    } else {
        ADD_FAILURE() << "unknown directive '" << d.key << "'";
    }
}

void CliCaseTest::check(const Directive& d, const RunResult& r)
{
    SCOPED_TRACE("line " + std::to_string(d.line) + ": " + d.key + ": " + d.value +
                 "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
    if (d.key == "exit") {
        EXPECT_EQ(r.status, std::stoi(d.value));
    } else if (d.key.rfind("stdout", 0) == 0) {
        check_stream(d, "stdout", r.out);
    } else if (d.key.rfind("stderr", 0) == 0) {
        check_stream(d, "stderr", r.err);
    } else if (d.key == "json") {
        // json: /json/pointer == <JSON value>
        auto sep = d.value.find(" == ");
        ASSERT_NE(sep, std::string::npos) << "json: needs '/pointer == value'";
        auto doc = nlohmann::json::parse(r.out, nullptr, false);
        ASSERT_FALSE(doc.is_discarded()) << "stdout is not one JSON document";
        nlohmann::json::json_pointer ptr(d.value.substr(0, sep));
        ASSERT_TRUE(doc.contains(ptr)) << "no " << d.value.substr(0, sep) << " in the JSON";
        EXPECT_EQ(doc[ptr], nlohmann::json::parse(d.value.substr(sep + 4)));
    } else if (d.key == "file-exists") {
        EXPECT_TRUE(fs::exists(subst(d.value))) << d.value;
    } else if (d.key == "file-absent") {
        EXPECT_FALSE(fs::exists(fs::symlink_status(subst(d.value)))) << d.value;
    } else if (d.key == "dir-entries") {
        // dir-entries: DIR N  (number of names directly in DIR, hidden ones included)
        auto parts = split_args(d.value);
        ASSERT_EQ(parts.size(), 2u);
        std::size_t n = 0;
        std::error_code ec;
        for (auto it = fs::directory_iterator(subst(parts[0]), ec); it != fs::directory_iterator();
             ++it)
            ++n;
        EXPECT_EQ(n, std::stoul(parts[1])) << parts[0];
    } else if (d.key == "file-mode") {
        auto parts = split_args(d.value);
        ASSERT_EQ(parts.size(), 2u);
        struct stat st {
        };
        ASSERT_EQ(::stat(subst(parts[0]).c_str(), &st), 0) << parts[0];
        EXPECT_EQ(st.st_mode & 07777, std::stoul(parts[1], nullptr, 8)) << parts[0];
    } else if (d.key == "files-equal") {
        auto parts = split_args(d.value);
        ASSERT_EQ(parts.size(), 2u);
        auto a = read_text(subst(parts[0]));
        auto b = read_text(subst(parts[1]));
        auto diff = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
        EXPECT_TRUE(a == b) << parts[0] << " (" << a.size() << " bytes) and " << parts[1] << " ("
                            << b.size() << " bytes) differ from byte " << (diff.first - a.begin());
    } else if (d.key.rfind("stdin", 0) != 0 && d.key != "args" && d.key != "env" &&
               d.key != "before" && d.key != "mkdir" && d.key != "tty") {
        ADD_FAILURE() << "unknown directive '" << d.key << "'";
    }
}

TEST_P(CliCaseTest, Passes)
{
    auto directives = parse(GetParam().file);
    std::string args;
    std::string stdin_text;
    ssosnap::cli::Terminals terminals;
    bool have_args = false;
    for (const auto& d : directives) {
        if (d.key == "env") set_env(d.value);
        if (d.key == "mkdir") fs::create_directories(subst(d.value));
        if (d.key == "stdin") stdin_text = unescape(d.value);
        if (d.key == "stdin-file") stdin_text = read_text(subst(d.value));
        if (d.key == "tty") set_terminals(terminals, d.value);
        if (d.key == "before") {
            auto pre = run(d.value, "");
            ASSERT_EQ(pre.status, 0) << "before: " << d.value << "\n" << pre.out << pre.err;
        }
        if (d.key == "args") {
            args = d.value;
            have_args = true;
        }
    }
    ASSERT_TRUE(have_args) << GetParam().file << " has no 'args:' line";
    auto result = run(args, stdin_text, terminals);
    bool has_exit = false;
    for (const auto& d : directives) {
        has_exit = has_exit || d.key == "exit";
        check(d, result);
    }
    EXPECT_TRUE(has_exit) << GetParam().file << " has no 'exit:' line";
}

std::string case_name(const ::testing::TestParamInfo<Case>& info)
{
    std::string n = info.param.name;
    std::replace_if(
        n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
        '_');
    return n;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Cases, CliCaseTest, ::testing::ValuesIn(list_cases()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CliCaseTest);
