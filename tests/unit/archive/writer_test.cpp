#include "archive/writer.hpp"

#include "archive/central_directory.hpp"
#include "core/files.hpp"
#include "zip_builder.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace ssosnap;
namespace fs = std::filesystem;

namespace
{
class WriterTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = core::make_temp_dir("ssosnap-writer-test").value(); }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

const std::vector<archive::WriterEntry> k_entries = {
    {"settings.json", "{\"a\":1}\n"},
    {"kerberos/http.keytab", std::string("\x05\x02\x00\x00\x00\x3c", 6)},
    {"kerberos/prevent_username_password_login.txt", "true\n"},
    {"metadata.json", "{}"},
};
}  // namespace

TEST_F(WriterTest, SameInputsGiveIdenticalBytesWhateverTheInputOrder)
{
    archive::WriteOptions opt;
    opt.mtime_millis = 1641298623998;
    auto reversed = std::vector<archive::WriterEntry>(k_entries.rbegin(), k_entries.rend());
    ASSERT_TRUE(archive::write_archive(m_dir / "1.zip", k_entries, opt));
    ASSERT_TRUE(archive::write_archive(m_dir / "2.zip", reversed, opt));
    auto a = core::read_file(m_dir / "1.zip").value();
    EXPECT_EQ(a, core::read_file(m_dir / "2.zip").value());

    auto r = archive::Reader::open_memory(a, "1.zip").value();
    std::vector<std::string> names;
    for (const auto& e : r.entries()) {
        names.push_back(e.name);
        EXPECT_EQ(e.method, 8) << e.name;
        EXPECT_EQ(e.mtime, 1641298622) << "DOS time: 2 s steps, floor of timeMillis, UTC";
    }
    EXPECT_EQ(names, (std::vector<std::string>{"kerberos/http.keytab",
                                               "kerberos/prevent_username_password_login.txt",
                                               "metadata.json", "settings.json"}));
    EXPECT_EQ(r.read(*r.find("kerberos/http.keytab")).value(), k_entries[1].data);
}

TEST_F(WriterTest, WritesPrivateFilesByDefault)
{
    ASSERT_TRUE(archive::write_archive(m_dir / "a.zip", k_entries, {}));
    struct stat st {
    };
    ASSERT_EQ(::stat((m_dir / "a.zip").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(WriterTest, RefusesUnsafeOrDuplicateNamesAndLeavesNothing)
{
    auto bad = archive::write_archive(m_dir / "a.zip", {{"../x", "1"}}, {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::Errc::input);
    auto dup = archive::write_archive(m_dir / "a.zip", {{"x", "1"}, {"x", "2"}}, {});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().id, "duplicate-name");
    EXPECT_TRUE(fs::is_empty(m_dir));
}

TEST_F(WriterTest, DoesNotOverwriteUnlessAsked)
{
    ASSERT_TRUE(archive::write_archive(m_dir / "a.zip", k_entries, {}));
    EXPECT_FALSE(archive::write_archive(m_dir / "a.zip", k_entries, {}));
    archive::WriteOptions opt;
    opt.overwrite = core::Overwrite::yes;
    EXPECT_TRUE(archive::write_archive(m_dir / "a.zip", {{"only", "1"}}, opt));
    EXPECT_EQ(archive::Reader::open_file(m_dir / "a.zip").value().entries().size(), 1u);
}

TEST_F(WriterTest, RewriteReplacesDataAndCopiesOtherEntriesRaw)
{
    archive::WriteOptions opt;
    opt.mtime_millis = 1641298623998;
    std::vector<archive::WriterEntry> entries = k_entries;
    entries.push_back({"kerberos/idp.xml", std::string(20000, 'x') + "https://old.example.test"});
    ASSERT_TRUE(archive::write_archive(m_dir / "in.zip", entries, opt));
    auto in = archive::Reader::open_file(m_dir / "in.zip").value();
    ASSERT_TRUE(
        archive::rewrite_archive(in, m_dir / "out.zip", {{"settings.json", "{\"a\":2}\n"}}, {}));
    auto out = archive::Reader::open_file(m_dir / "out.zip").value();
    EXPECT_EQ(out.read(*out.find("settings.json")).value(), "{\"a\":2}\n");
    EXPECT_EQ(out.entries()[*out.find("settings.json")].mtime, 1641298622);
    ASSERT_EQ(out.entries().size(), in.entries().size());
    auto in_bytes = core::read_file(m_dir / "in.zip").value();
    auto out_bytes = core::read_file(m_dir / "out.zip").value();
    for (const char* name : {"kerberos/idp.xml", "kerberos/http.keytab", "metadata.json"}) {
        auto raw = test::stored_bytes(in_bytes, name);
        ASSERT_FALSE(raw.empty()) << name;
        EXPECT_EQ(test::stored_bytes(out_bytes, name), raw) << name;
    }
    EXPECT_FALSE(archive::rewrite_archive(in, m_dir / "x.zip", {{"nope", ""}}, {}));
    EXPECT_FALSE(fs::exists(m_dir / "x.zip"));
}

// Regression: libzip's buffer source (1.7) frees the initial archive bytes when it clones them
// for writing; bytes from a std::string then crashed rebase on a snapshot of a few MB of
// incompressible data (found by the kill -9 test). The rewrite must succeed and read back.
TEST_F(WriterTest, RewritesAnArchiveOfSeveralMegabytesOfIncompressibleData)
{
    std::vector<archive::WriterEntry> entries = k_entries;
    std::uint64_t x = 88172645463325252ULL;  // xorshift: incompressible, reproducible
    for (int b = 0; b < 4; ++b) {
        std::string blob(2u << 20, '\0');
        for (auto& c : blob) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            c = static_cast<char>(x);
        }
        entries.push_back({"kerberos/blob" + std::to_string(b) + ".bin", std::move(blob)});
    }
    ASSERT_TRUE(archive::write_archive(m_dir / "in.zip", entries, {}));
    auto in = archive::Reader::open_file(m_dir / "in.zip").value();
    ASSERT_TRUE(
        archive::rewrite_archive(in, m_dir / "out.zip", {{"settings.json", "{\"a\":2}\n"}}, {}));
    auto out = archive::Reader::open_file(m_dir / "out.zip").value();
    EXPECT_EQ(out.read(*out.find("settings.json")).value(), "{\"a\":2}\n");
    EXPECT_EQ(out.read(*out.find("kerberos/blob3.bin")).value(), entries.back().data);
}

TEST(DosTimeTest, RoundTripsEvenSecondsAndClampsToTheDosRange)
{
    std::uint16_t t = 0;
    std::uint16_t d = 0;
    archive::detail::epoch_to_dos(1641298622, t, d);
    EXPECT_EQ(archive::detail::dos_to_epoch(t, d), 1641298622);
    archive::detail::epoch_to_dos(0, t, d);
    EXPECT_EQ(archive::detail::dos_to_epoch(t, d), 315532800);
}

// Known values, so that a reader and a writer wrong in the same way cannot pass by round trip.
TEST(DosTimeTest, MatchesTheCalendarOnALeapDay)
{
    std::uint16_t t = 0;
    std::uint16_t d = 0;
    archive::detail::epoch_to_dos(1709210096, t, d);  // 2024-02-29T12:34:56Z
    EXPECT_EQ(d, (44 << 9) | (2 << 5) | 29);
    EXPECT_EQ(t, (12 << 11) | (34 << 5) | 28);
    EXPECT_EQ(archive::detail::dos_to_epoch(t, d), 1709210096);
    archive::detail::epoch_to_dos(9'000'000'000, t, d);  // past 2107: the last DOS second
    EXPECT_EQ(archive::detail::dos_to_epoch(t, d), 4354819198);
}

TEST(DosTimeTest, ADayPastTheMonthsEndRollsOver)
{
    // 2023-02-31 (as some writers store it) reads as 2023-03-03
    EXPECT_EQ(archive::detail::dos_to_epoch(0, (43 << 9) | (2 << 5) | 31), 1677801600);
}
