// Runs Maven's own ComparableVersion (the maven-artifact jar of Debian's libmaven3-core-java)
// on every pair of versions in versions.txt and checks that ssosnap orders them the same way
// and gives the same canonical form. Its main() prints, for arguments v1 v2 ...:
//   "1. v1 -> <canonical>; tokens: [...]"
//   "   v1 <|==|> v2"
//   "2. v2 -> ..."

#include "metadata/version.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ssosnap::metadata;

namespace
{

// Debian 12's libmaven3-core-java installs the jar under these names.
const std::array<const char*, 3> k_jar_candidates = {"/usr/share/java/maven-artifact.jar",
                                                     "/usr/share/java/maven3-artifact.jar",
                                                     "/usr/share/java/maven-artifact-3.x.jar"};

std::string find_jar()
{
    if (const char* env = std::getenv("SSOSNAP_MAVEN_ARTIFACT_JAR"); env && *env) return env;
    for (const char* p : k_jar_candidates) {
        if (std::filesystem::exists(p)) return p;
    }
    return {};
}

std::vector<std::string> load_versions()
{
    std::ifstream in(SSOSNAP_SOURCE_DIR "/tests/interop/maven/versions.txt");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        out.push_back(line == "<empty>" ? std::string() : line);
    }
    return out;
}

std::string shell_quote(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs the command and returns its stdout; sets `status` to its exit status.
std::string run(const std::string& command, int& status)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");  // NOLINT(cert-env33-c): test helper
    if (pipe == nullptr) {
        status = -1;
        return out;
    }
    std::array<char, 65536> buf{};
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;)
        out.append(buf.data(), n);
    status = pclose(pipe);
    return out;
}

struct MavenAnswer {
    std::vector<std::string> canonical;  ///< per argument
    std::vector<std::string> order;      ///< "<", "==" or ">" between argument i and i + 1
};

MavenAnswer ask_maven(const std::string& jar, const std::vector<std::string>& args)
{
    std::string cmd =
        "java -cp " + shell_quote(jar) + " org.apache.maven.artifact.versioning.ComparableVersion";
    for (const auto& a : args)
        cmd += " " + shell_quote(a);
    int status = 0;
    std::istringstream out(run(cmd + " 2>&1", status));
    EXPECT_EQ(status, 0) << "java failed: install openjdk-17-jre-headless";
    MavenAnswer answer;
    std::string line;
    std::getline(out, line);  // "Display parameters as parsed by Maven ..."
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) {
            std::getline(out, line);
            const std::string prefix = "   " + args[i - 1] + " ";
            const std::string suffix = " " + args[i];
            EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
            answer.order.push_back(
                line.substr(prefix.size(), line.size() - prefix.size() - suffix.size()));
        }
        std::getline(out, line);
        const std::string head = std::to_string(i + 1) + ". " + args[i] + " -> ";
        EXPECT_EQ(line.rfind(head, 0), 0u) << line;
        answer.canonical.push_back(
            line.substr(head.size(), line.find("; tokens: ", head.size()) - head.size()));
    }
    return answer;
}

const char* maven_symbol(int comparison)
{
    return comparison < 0 ? "<" : (comparison > 0 ? ">" : "==");
}

}  // namespace

TEST(MavenAgreementTest, OrdersEveryPairLikeMavensComparableVersion)
{
    const std::string jar = find_jar();
    ASSERT_FALSE(jar.empty())
        << "Maven's maven-artifact jar is missing: install the Debian package "
           "libmaven3-core-java (listed in .ci/debian-packages), or point "
           "SSOSNAP_MAVEN_ARTIFACT_JAR at a maven-artifact 3.8 jar";
    const auto versions = load_versions();
    ASSERT_GE(versions.size(), 21u);  // 21 versions give 210 pairs

    // Each pair (a, b) is passed as two consecutive arguments; Maven compares neighbours.
    std::vector<std::string> args;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        for (std::size_t j = i + 1; j < versions.size(); ++j) {
            args.push_back(versions[i]);
            args.push_back(versions[j]);
        }
    }
    const auto maven = ask_maven(jar, args);
    ASSERT_EQ(maven.order.size() + 1, args.size());
    std::size_t pairs = 0;
    for (std::size_t k = 0; k + 1 < args.size(); k += 2) {
        ++pairs;
        EXPECT_EQ(maven_symbol(compare_versions(args[k], args[k + 1])), maven.order[k])
            << "'" << args[k] << "' vs '" << args[k + 1] << "'";
    }
    for (std::size_t k = 0; k < args.size(); ++k) {
        EXPECT_EQ(canonical_version(args[k]), maven.canonical[k]) << "'" << args[k] << "'";
    }
    EXPECT_GE(pairs, 200u);
}
