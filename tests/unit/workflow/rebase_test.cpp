#include "workflow/rebase.hpp"

#include "core/files.hpp"
#include "diff/compare.hpp"
#include "metadata/validate.hpp"
#include "workflow/snapshot_file.hpp"
#include "zip_bytes.hpp"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>

using namespace ssosnap;
using namespace ssosnap::workflow;
namespace fs = std::filesystem;

namespace
{

constexpr const char* k_java_fixture =
    SSOSNAP_FIXTURES_DIR "/jira/sso-snapshot-2022-01-04-13_17_04.zip";
constexpr const char* k_old = "https://jira.example.test";
constexpr const char* k_new = "https://jira-staging.example.test/jira";

class RebaseTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = *core::make_temp_dir("ssosnap-rebase-test"); }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

std::string slurp(const fs::path& p)
{
    return *core::read_file(p);
}

std::string line_of(const std::string& text, std::size_t n)
{
    std::size_t at = 0;
    for (std::size_t i = 1; i < n; ++i)
        at = text.find('\n', at) + 1;
    return text.substr(at, text.find('\n', at) - at);
}

std::string entry_text(const LoadedSnapshot& s, const std::string& name)
{
    return *s.reader.read(*s.reader.find(name));
}

// Options writing to an explicit output (the original time kept).
RebaseOptions to_out(std::string url, fs::path out)
{
    RebaseOptions o;
    o.new_base_url = std::move(url);
    o.out = std::move(out);
    return o;
}

std::set<std::string> codes(const std::vector<core::Finding>& findings)
{
    std::set<std::string> out;
    for (const auto& f : findings)
        out.insert(f.code);
    return out;
}

}  // namespace

TEST_F(RebaseTest, RewritesJavaWrittenSnapshotOnlyWhereReported)
{
    auto out = m_dir / "staging" / "sso-snapshot-2022-01-04-13_17_04.zip";
    fs::create_directories(out.parent_path());
    auto report = rebase_archive(k_java_fixture, to_out(k_new, out));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->old_base_url, k_old);
    EXPECT_EQ(report->new_base_url, k_new);

    std::set<std::string> changed;
    for (const auto& c : report->changes)
        changed.insert(c.entry);
    EXPECT_EQ(changed, (std::set<std::string>{"metadata.json", "kerberos/oidc/okta/config.json",
                                              "kerberos/saml/azure-ad/config.json"}));

    auto before = load_snapshot(k_java_fixture);
    auto after = load_snapshot(out);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(after->sha256, SidecarState::match);
    // Each reported line held the old URL and now holds the new one.
    for (const auto& c : report->changes) {
        ASSERT_GT(c.line, 0u) << c.entry;
        EXPECT_NE(line_of(entry_text(*before, c.entry), c.line).find(k_old), std::string::npos);
        EXPECT_NE(line_of(entry_text(*after, c.entry), c.line).find(k_new), std::string::npos);
    }

    // The content-aware diff sees exactly the reported entries (metadata apart).
    auto d = diff::compare(diff::snapshot_of(before->reader, before->located, "before"),
                           diff::snapshot_of(after->reader, after->located, "after"), {});
    ASSERT_TRUE(d) << d.error().message;
    std::set<std::string> modified;
    for (const auto& e : d->entries) {
        EXPECT_EQ(e.status, diff::EntryStatus::modified) << e.name;
        modified.insert(e.name);
        if (e.name == "kerberos/oidc/okta/config.json") {
            ASSERT_EQ(e.json.size(), 1u);
            EXPECT_EQ(e.json[0].path, "/redirectUri");
        }
    }
    changed.erase("metadata.json");
    EXPECT_EQ(modified, changed);
    std::vector<std::string> counting;
    for (const auto& m : d->metadata)
        if (m.counts) counting.push_back(m.field);
    EXPECT_EQ(counting, std::vector<std::string>{"baseUrl"});

    // Untouched entries keep their stored (compressed) bytes.
    auto raw_before = test::raw_entries(slurp(k_java_fixture));
    auto raw_after = test::raw_entries(slurp(out));
    ASSERT_EQ(raw_before.size(), raw_after.size());
    std::size_t same = 0;
    for (const auto& [name, e] : raw_before) {
        if (changed.count(name) || name == "metadata.json") continue;
        EXPECT_EQ(e.stored, raw_after[name].stored) << name;
        EXPECT_EQ(e.method, raw_after[name].method) << name;
        ++same;
    }
    EXPECT_EQ(same, report->entries_copied);
}

TEST_F(RebaseTest, RebasedArchiveValidatesAgainstTheNewBaseUrl)
{
    auto out = m_dir / "rebased.zip";
    ASSERT_TRUE(rebase_archive(k_java_fixture, to_out(k_new, out)));
    auto after = load_snapshot(out);
    ASSERT_TRUE(after && after->located.meta);
    EXPECT_EQ(after->located.meta->base_url, k_new);
    auto check = [&](const std::string& url) {
        metadata::ValidateInput in;
        in.meta = after->located.meta;
        in.name_time = after->name_time;
        in.target.base_url = url;
        return codes(metadata::validate_snapshot(in)->findings);
    };
    EXPECT_FALSE(check(k_new).count("base-url-differs"));
    EXPECT_TRUE(check(k_old).count("base-url-differs"));
}

TEST_F(RebaseTest, WarnsAboutKerberosSamlAndOidcOutsideTheArchive)
{
    auto report = rebase_archive(k_java_fixture, to_out(k_new, m_dir / "r.zip"));
    ASSERT_TRUE(report);
    std::multiset<std::string> got;
    for (const auto& w : report->warnings)
        got.insert(w.code + " " + w.path);
    EXPECT_EQ(got, (std::multiset<std::string>{"kerberos-spn kerberos/spnego/HTTP-jira.keytab",
                                               "kerberos-spn kerberos/spnego/kerberos.properties",
                                               "saml-acs ", "oidc-redirect "}));
    // The principal is a name, not a URL: it is reported, not rewritten.
    auto after = load_snapshot(m_dir / "r.zip");
    EXPECT_NE(
        entry_text(*after, "kerberos/spnego/kerberos.properties").find("HTTP/jira.example.test@"),
        std::string::npos);
}

TEST_F(RebaseTest, SameHostNeedsNoNewKerberosPrincipal)
{
    auto report =
        rebase_archive(k_java_fixture, to_out("https://jira.example.test/jira", m_dir / "r.zip"));
    ASSERT_TRUE(report);
    EXPECT_FALSE(codes(report->warnings).count("kerberos-spn"));
}

TEST_F(RebaseTest, StoredEntriesAreCopiedNotRecompressed)
{
    auto in = m_dir / "sso-snapshot-2022-01-04-13_17_04.zip";
    ASSERT_TRUE(core::write_file_atomic(
        in,
        test::stored_zip(
            {{"metadata.json", R"({"applicationName":"JIRA","pluginVersion":"6.0.0",)"
                               R"("baseUrl":"https://a.example.test/jira",)"
                               R"("timeMillis":1641298623998})"},
             {"kerberos/notes.txt", "nothing here\n"},
             {"kerberos/blob.bin", std::string("\x00\x01https://a.example.test/jira", 29)},
             {"kerberos/sp.xml", "<sp acs=\"https://a.example.test/jira/acs\"/>\n"}}),
        core::FileMode::secret));
    RebaseOptions options;
    options.new_base_url = "https://b.example.test";
    options.time_millis = 1700000000000;  // 2023-11-14T22:13:20Z
    options.zone = "UTC";
    auto report = rebase_archive(in, options);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->out, m_dir / "sso-snapshot-2023-11-14-22_13_20.zip");
    auto raw = test::raw_entries(slurp(report->out));
    EXPECT_EQ(raw["kerberos/notes.txt"].method, 0u);
    EXPECT_EQ(raw["kerberos/notes.txt"].stored, "nothing here\n");
    // Binary entries are never rewritten, even when they hold the URL's bytes.
    EXPECT_EQ(raw["kerberos/blob.bin"].method, 0u);
    EXPECT_EQ(raw["kerberos/blob.bin"].stored,
              std::string("\x00\x01https://a.example.test/jira", 29));
    auto after = load_snapshot(report->out);
    ASSERT_TRUE(after);
    EXPECT_EQ(entry_text(*after, "kerberos/sp.xml"), "<sp acs=\"https://b.example.test/acs\"/>\n");
    EXPECT_EQ(report->entries_rewritten, 2u);
    EXPECT_EQ(report->entries_copied, 2u);
}

TEST_F(RebaseTest, RefusesWhatItCannotRebase)
{
    auto sidecar_only =
        rebase_archive(SSOSNAP_FIXTURES_DIR "/foreign/sidecar/sso-snapshot-2022-03-01-10_00_00.zip",
                       to_out(k_new, m_dir / "a.zip"));
    ASSERT_FALSE(sidecar_only);
    EXPECT_EQ(sidecar_only.error().code, core::Errc::input);

    auto same =
        rebase_archive(k_java_fixture, to_out("https://JIRA.example.test/", m_dir / "b.zip"));
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().code, core::Errc::usage);

    auto bad_url = rebase_archive(k_java_fixture, to_out("jira-staging", m_dir / "c.zip"));
    ASSERT_FALSE(bad_url);
    EXPECT_EQ(bad_url.error().code, core::Errc::usage);

    auto unsafe = rebase_archive(SSOSNAP_FIXTURES_DIR "/invalid/unsafe-path-dotdot.zip",
                                 to_out(k_new, m_dir / "d.zip"));
    ASSERT_FALSE(unsafe);
    EXPECT_EQ(unsafe.error().id, "unsafe-path");

    EXPECT_TRUE(fs::is_empty(m_dir));
}

// The base-URL check is the remote commands' own (rest::normalize_base_url): what --url
// refuses, --base-url refuses too, before anything is written.
TEST_F(RebaseTest, RefusesTheBaseUrlsTheRemoteCommandsRefuse)
{
    for (const char* url : {"https://user:pw@a.example.test", "https://a.example.test/?q=1",
                            "https://a.example.test/jira#top", "ftp://a.example.test",
                            "a.example.test", "https:///path", "https://a b.example.test"}) {
        auto r = rebase_archive(k_java_fixture, to_out(url, m_dir / "out.zip"));
        ASSERT_FALSE(r) << url;
        EXPECT_EQ(r.error().code, core::Errc::usage) << url;
        EXPECT_EQ(r.error().message.rfind("--base-url: ", 0), 0U) << r.error().message;
    }
    auto creds =
        rebase_archive(k_java_fixture, to_out("https://user:pw@a.example.test", m_dir / "x.zip"));
    EXPECT_NE(creds.error().message.find("holds credentials"), std::string::npos);
    auto query =
        rebase_archive(k_java_fixture, to_out("https://a.example.test/?q=1", m_dir / "x.zip"));
    EXPECT_NE(query.error().message.find("must not have a query"), std::string::npos);
    EXPECT_TRUE(fs::is_empty(m_dir));

    auto pasted =
        rebase_archive(k_java_fixture, to_out(" https://a.example.test/jira/ ", m_dir / "ok.zip"));
    ASSERT_TRUE(pasted) << pasted.error().message;
    EXPECT_EQ(pasted->new_base_url, "https://a.example.test/jira");
}

TEST_F(RebaseTest, NeverOverwritesAndLeavesNothingOnFailure)
{
    auto out = m_dir / "exists.zip";
    ASSERT_TRUE(core::write_file_atomic(out, "keep me", core::FileMode::shared));
    auto r = rebase_archive(k_java_fixture, to_out(k_new, out));
    ASSERT_FALSE(r);
    EXPECT_EQ(slurp(out), "keep me");
    auto missing = rebase_archive(k_java_fixture, to_out(k_new, m_dir / "no" / "such" / "dir.zip"));
    ASSERT_FALSE(missing);
    std::vector<fs::path> left(fs::directory_iterator(m_dir), fs::directory_iterator{});
    EXPECT_EQ(left, std::vector<fs::path>{out});
}

TEST_F(RebaseTest, DefaultOutputIsANewSnapshotWhoseNameAndTimeAgree)
{
    auto in = m_dir / "sso-snapshot-2022-01-04-13_17_04.zip";
    fs::copy_file(k_java_fixture, in);
    RebaseOptions options;
    options.new_base_url = k_new;
    options.time_millis = 1700000000123;  // 2023-11-14T22:13:20.123Z = 23:13:20 in Oslo
    options.zone = "Europe/Oslo";
    auto report = rebase_archive(in, options);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->out, m_dir / "sso-snapshot-2023-11-14-23_13_20.zip");
    EXPECT_EQ(report->time_millis, 1700000000123);
    auto after = load_snapshot(report->out);
    ASSERT_TRUE(after);
    ASSERT_TRUE(after->located.meta);
    EXPECT_EQ(after->located.meta->time_millis, 1700000000123);
    EXPECT_EQ(after->located.meta->base_url, k_new);
    EXPECT_EQ(after->located.meta->application_name, "JIRA");
    // A valid snapshot: no bad-file-name or metadata finding, and the time check agrees.
    EXPECT_TRUE(after->findings.empty()) << after->findings.front().code;
    metadata::ValidateInput check;
    check.meta = after->located.meta;
    check.name_time = after->name_time;
    check.zone = "Europe/Oslo";
    auto validated = metadata::validate_snapshot(check);
    ASSERT_TRUE(validated);
    EXPECT_FALSE(codes(validated->findings).count("time-name-mismatch"));
}

TEST_F(RebaseTest, ExplicitOutKeepsTheOriginalTime)
{
    auto report = rebase_archive(k_java_fixture, to_out(k_new, m_dir / "r.zip"));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_FALSE(report->time_millis);
    auto after = load_snapshot(report->out);
    ASSERT_TRUE(after && after->located.meta);
    EXPECT_EQ(after->located.meta->time_millis, 1641298623998);
}
