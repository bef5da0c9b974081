// Every offline command over every file of the hostile corpus (fixtures/invalid/), each run in
// a child process of the built `ssosnap` binary: the exit status documented in expected.txt,
// never a signal or a sanitizer report, a one-line `ssosnap: error: ...` with a stable code in
// the --json error, bounded peak memory (wait4's ru_maxrss) and time, nothing written outside
// the target and no partial output left behind. See docs/testing.md.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace
{

namespace fs = std::filesystem;

const fs::path k_fixtures = SSOSNAP_FIXTURES_DIR;
// SSOSNAP_HOSTILE_BIN runs the corpus against another build of ssosnap, one without the
// sanitizers (tests/run-all.sh passes the release build): then the plain bounds apply.
const char* const k_other_bin = std::getenv("SSOSNAP_HOSTILE_BIN");
const fs::path k_bin = k_other_bin && *k_other_bin ? fs::path(k_other_bin) : fs::path(SSOSNAP_BIN);
const fs::path k_expected = SSOSNAP_HOSTILE_EXPECTED;
const fs::path k_good = k_fixtures / "jira" / "sso-snapshot-2022-01-04-13_17_04.zip";

// The commands, in the column order of expected.txt.
const std::vector<std::string> k_commands = {"inspect", "verify", "validate", "extract",
                                             "diff",    "ls",     "textconv", "rebase"};

#if SSOSNAP_HOSTILE_SANITIZED
// ASan+UBSan make every process slower and bigger (here `ssosnap --version` alone takes ~1 s
// and ~170 MiB on a loaded 2-core machine), so under the sanitizers the memory bound is
// 256 MiB above that baseline and the time bound is on CPU time, 2 s above the baseline's
// CPU time; the wall clock only catches hangs. The plain bounds hold in unsanitized builds.
const bool k_sanitized = !(k_other_bin && *k_other_bin);
#else
const bool k_sanitized = false;
#endif
constexpr long k_rss_limit_kib = 256 * 1024;
constexpr double k_time_limit_s = 2.0;
constexpr double k_hang_limit_s = 30.0;

struct ProcessRun {
    int exit_status = -1;
    int signal = 0;
    long max_rss_kib = 0;
    double wall_s = 0;
    double cpu_s = 0;
    std::string out, err;
};

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `bin args` in `cwd` with stdout/stderr into files, and measures it with wait4.
ProcessRun run(const fs::path& cwd, const std::vector<std::string>& args)
{
    // Beside the run's folder, not in it (the folder must hold only what the command made).
    const fs::path out = cwd.parent_path().string() + ".stdout";
    const fs::path err = cwd.parent_path().string() + ".stderr";
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0) _exit(127);
        int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int n = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || n < 0) _exit(127);
        dup2(n, 0);
        dup2(o, 1);
        dup2(e, 2);
        std::vector<char*> argv;
        std::string bin = k_bin.string();
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    ProcessRun r;
    if (pid < 0) return r;
    int status = 0;
    rusage use{};
    while (wait4(pid, &status, 0, &use) < 0 && errno == EINTR) {
    }
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.cpu_s = double(use.ru_utime.tv_sec + use.ru_stime.tv_sec) +
              double(use.ru_utime.tv_usec + use.ru_stime.tv_usec) / 1e6;
    r.max_rss_kib = use.ru_maxrss;
    if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// Removes a run's folder and the .stdout/.stderr files run() puts beside it when it goes out
// of scope, so a failed (returned-early) test cleans up as well as a passing one.
class RunFolder
{
public:
    explicit RunFolder(fs::path dir) : m_dir(std::move(dir)) { remove(); }
    ~RunFolder() { remove(); }
    RunFolder(const RunFolder&) = delete;
    RunFolder& operator=(const RunFolder&) = delete;
    const fs::path& path() const { return m_dir; }

private:
    void remove() const
    {
        std::error_code ec;
        fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_dir, ec);
        fs::remove(m_dir.string() + ".stdout", ec);
        fs::remove(m_dir.string() + ".stderr", ec);
    }
    fs::path m_dir;
};

// What a bare start costs (used as the baseline under the sanitizers).
const ProcessRun& baseline()
{
    static const ProcessRun b = [] {
        RunFolder dir(fs::temp_directory_path() /
                      ("ssosnap-hostile-base-" + std::to_string(getpid())));
        fs::create_directories(dir.path() / "cwd");
        return run(dir.path() / "cwd", {"--version"});
    }();
    return b;
}

// Removes, at scope exit, the zip-slip targets a failing run wrote: one escaped file must fail
// its own case, not also the precondition of every case after it.
class EscapeGuard
{
public:
    explicit EscapeGuard(std::vector<fs::path> paths) : m_paths(std::move(paths)) {}
    ~EscapeGuard()
    {
        std::error_code ec;
        for (const auto& p : m_paths)
            fs::remove(p, ec);
    }
    EscapeGuard(const EscapeGuard&) = delete;
    EscapeGuard& operator=(const EscapeGuard&) = delete;

private:
    std::vector<fs::path> m_paths;
};

struct Expectation {
    std::string file;
    std::map<std::string, int> exit_status;  // by command
    std::string code;                        // must appear in `verify --json`
};

void PrintTo(const Expectation& e, std::ostream* os)
{
    *os << e.file;
}

std::vector<Expectation> load_expected()
{
    std::vector<Expectation> out;
    std::ifstream in(k_expected);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        Expectation e;
        fields >> e.file;
        for (const auto& c : k_commands) {
            int s = -1;
            fields >> s;
            e.exit_status[c] = s;
        }
        fields >> e.code;
        out.push_back(e);
    }
    return out;
}

// Every path below `root`, relative, with a trailing / on folders.
std::set<std::string> tree(const fs::path& root)
{
    std::set<std::string> out;
    if (!fs::exists(root)) return out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        auto rel = fs::relative(it->path(), root).string();
        out.insert(it->is_directory() && !it->is_symlink() ? rel + "/" : rel);
    }
    return out;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l))
        out.push_back(l);
    return out;
}

class HostileTest : public ::testing::TestWithParam<Expectation>
{
};

TEST(HostileCorpusTest, ExpectedTableListsEveryInvalidFixture)
{
    std::set<std::string> listed, present;
    for (const auto& e : load_expected()) {
        listed.insert(e.file);
        for (const auto& c : k_commands)
            EXPECT_GE(e.exit_status.at(c), 0) << e.file << " " << c << ": no exit status";
        EXPECT_FALSE(e.code.empty()) << e.file;
    }
    for (const auto& entry : fs::directory_iterator(k_fixtures / "invalid"))
        if (entry.is_regular_file()) present.insert(entry.path().filename().string());
    EXPECT_EQ(listed, present) << "tests/hostile/expected.txt and fixtures/invalid/ differ";
}

TEST_P(HostileTest, EveryOfflineCommandFailsCleanly)
{
    const auto& exp = GetParam();
    const fs::path fixture = k_fixtures / "invalid" / exp.file;
    ASSERT_TRUE(fs::exists(fixture)) << fixture;
    // Paths the zip-slip fixtures aim at outside any work folder.
    const std::vector<fs::path> escapes = {"/tmp/ssosnap-escape.txt", "/tmp/ssosnap-absolute.txt"};
    for (const auto& p : escapes)
        ASSERT_FALSE(fs::exists(p)) << p << " exists before the test: remove it";
    const EscapeGuard remove_escapes(escapes);  // only now: never remove a file we did not make

    const ProcessRun& base = baseline();
    ASSERT_EQ(base.exit_status, 0) << base.err;
    const long rss_limit = k_rss_limit_kib + (k_sanitized ? base.max_rss_kib : 0);
    const double time_limit = k_time_limit_s + (k_sanitized ? base.cpu_s : 0);

    for (const auto& command : k_commands) {
        SCOPED_TRACE(exp.file + ": " + command);
        // A fresh work folder: in/ holds the archive (ls lists in/), cwd/ is the working
        // directory (relative zip-slip names land there), tmp/ is $TMPDIR; out and out.zip are
        // the only names a command may create.
        const RunFolder folder(fs::temp_directory_path() /
                               ("ssosnap-hostile-" + std::to_string(getpid()) + "-" + command));
        const fs::path& work = folder.path();
        fs::create_directories(work / "in");
        fs::create_directories(work / "cwd");
        fs::create_directories(work / "tmp");
        const fs::path archive = work / "in" / exp.file;
        fs::copy_file(fixture, archive);
        setenv("TMPDIR", (work / "tmp").c_str(), 1);
        // The fingerprint key folder: beside the work folder (which must hold only what the
        // command made), never the real home's.
        setenv("XDG_CONFIG_HOME", (work.string() + ".config").c_str(), 1);

        std::vector<std::string> args = {command};
        if (command == "diff")
            args.insert(args.end(), {k_good.string(), archive.string()});
        else if (command == "ls")
            args.push_back((work / "in").string());
        else
            args.push_back(archive.string());
        if (command == "extract") args.insert(args.end(), {"--to", (work / "out").string()});
        if (command == "rebase")
            args.insert(args.end(), {"--base-url", "https://new.example.test", "--out",
                                     (work / "out.zip").string()});
        args.push_back("--json");

        const auto before = tree(work);
        ProcessRun r = run(work / "cwd", args);
        unsetenv("TMPDIR");
        unsetenv("XDG_CONFIG_HOME");
        fs::remove_all(work.string() + ".config");

        EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << r.err;
        EXPECT_EQ(r.exit_status, exp.exit_status.at(command)) << r.err;
        EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("runtime error"), std::string::npos) << r.err;
        EXPECT_LT(r.max_rss_kib, rss_limit) << "peak RSS " << r.max_rss_kib << " KiB";
        EXPECT_LT(k_sanitized ? r.cpu_s : r.wall_s, time_limit)
            << "wall " << r.wall_s << " s, cpu " << r.cpu_s << " s";
        EXPECT_LT(r.wall_s, k_hang_limit_s);

        // stdout: one JSON document (the envelope of this command).
        auto doc = nlohmann::json::parse(r.out, nullptr, false);
        EXPECT_FALSE(doc.is_discarded()) << "stdout is not one JSON document:\n" << r.out;
        // stderr: warnings, and for a failure exactly one error line with a stable code.
        int errors = 0;
        for (const auto& l : lines(r.err)) {
            bool error = l.rfind("ssosnap: error: ", 0) == 0;
            errors += error ? 1 : 0;
            EXPECT_TRUE(error || l.rfind("ssosnap: warning: ", 0) == 0 || l.rfind("  ", 0) == 0)
                << "unexpected stderr line: " << l;
        }
        if (r.exit_status == 3 || r.exit_status == 6) {
            EXPECT_EQ(errors, 1) << r.err;
            if (!doc.is_discarded() && doc.contains("error")) {
                EXPECT_FALSE(doc["error"].value("code", "").empty()) << r.out;
            }
        }
        if (command == "verify") {
            EXPECT_NE(r.out.find("\"" + exp.code + "\""), std::string::npos)
                << "verify --json does not name " << exp.code << ":\n"
                << r.out;
        }

        // Nothing outside the target, nothing partial: besides the files made above, only a
        // successful extract's out/ (and what is inside) or rebase's out.zip + .sha256.
        std::set<std::string> allowed = before;
        bool ok = r.exit_status == 0;
        for (const auto& p : tree(work)) {
            if (allowed.count(p)) continue;
            if (ok && command == "extract" && (p == "out/" || p.rfind("out/", 0) == 0)) continue;
            if (ok && command == "rebase" && (p == "out.zip" || p == "out.zip.sha256")) continue;
            ADD_FAILURE() << "left behind: " << p;
        }
        EXPECT_EQ(slurp(archive), slurp(fixture)) << "the input archive was changed";
        for (const auto& p : escapes) {
            if (fs::exists(fs::symlink_status(p))) {
                ADD_FAILURE() << "written outside the target: " << p;
                fs::remove(p);  // so the next command starts clean
            }
        }
    }
}

std::string test_name(const ::testing::TestParamInfo<Expectation>& info)
{
    std::string n = info.param.file;
    for (auto& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileTest, ::testing::ValuesIn(load_expected()), test_name);

}  // namespace
