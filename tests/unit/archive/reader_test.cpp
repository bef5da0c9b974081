#include "archive/reader.hpp"

#include "archive/writer.hpp"
#include "core/files.hpp"
#include "zip_builder.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>

using namespace ssosnap;
using archive::Reader;
using test::build_zip;
using test::RawEntry;

namespace
{

bool has_code(const std::vector<core::Finding>& fs, const std::string& code)
{
    return std::any_of(fs.begin(), fs.end(),
                       [&](const core::Finding& f) { return f.code == code; });
}

class ReaderTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = core::make_temp_dir("ssosnap-reader-test").value(); }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path write(const std::vector<archive::WriterEntry>& entries)
    {
        auto p = m_dir / "a.zip";
        std::filesystem::remove(p);
        EXPECT_TRUE(archive::write_archive(p, entries, {}));
        return p;
    }
    std::filesystem::path m_dir;
};

}  // namespace

TEST_F(ReaderTest, MemoryBytesAreTheBytesGivenAndOnlyForMemory)
{
    auto p = write({{"b.txt", "bravo"}});
    const std::string bytes = core::read_file(p).value();
    auto from_mem = Reader::open_memory(bytes, "mem.zip");
    ASSERT_TRUE(from_mem);
    auto view = from_mem->memory_bytes();
    ASSERT_TRUE(view);
    EXPECT_EQ(*view, bytes);
    EXPECT_EQ(view->data(), from_mem->memory_bytes()->data()) << "a view, not a copy";
    auto from_file = Reader::open_file(p);
    ASSERT_TRUE(from_file);
    EXPECT_FALSE(from_file->memory_bytes()) << "a file's bytes are read with raw_bytes()";
}

TEST_F(ReaderTest, ReadsTheSameEntriesFromFileAndMemory)
{
    auto p = write({{"b.txt", "bravo"}, {"a/x.json", "{\"k\":1}"}, {"empty", ""}});
    auto from_file = Reader::open_file(p);
    ASSERT_TRUE(from_file) << from_file.error().message;
    auto from_mem = Reader::open_memory(core::read_file(p).value(), "mem.zip");
    ASSERT_TRUE(from_mem);
    for (const Reader* r : {&*from_file, &*from_mem}) {
        ASSERT_EQ(r->entries().size(), 3u);
        EXPECT_EQ(r->entries()[0].name, "a/x.json");
        EXPECT_EQ(r->entries()[1].name, "b.txt");
        EXPECT_EQ(r->entries()[1].size, 5u);
        EXPECT_EQ(r->entries()[1].crc32, test::crc32_of("bravo"));
        EXPECT_EQ(r->read(*r->find("b.txt")).value(), "bravo");
        EXPECT_EQ(r->read(*r->find("empty")).value(), "");
        EXPECT_TRUE(r->structural_findings().empty());
    }
    EXPECT_EQ(from_mem->display_name(), "mem.zip");
    EXPECT_EQ(from_file->archive_size(), std::filesystem::file_size(p));
    EXPECT_EQ(from_file->raw_bytes().value(), core::read_file(p).value());
}

TEST_F(ReaderTest, ReadChunksStreamsLargeEntriesInPieces)
{
    std::string big;
    for (int i = 0; i < 40000; ++i)
        big += std::to_string(i * 7919) + "\n";
    auto r = Reader::open_file(write({{"big.txt", big}})).value();
    std::string got;
    int chunks = 0;
    ASSERT_TRUE(r.read_chunks(0, [&](std::string_view c) -> core::Result<void> {
        got.append(c);
        ++chunks;
        return {};
    }));
    EXPECT_EQ(got, big);
    EXPECT_GT(chunks, 1);
}

TEST_F(ReaderTest, RejectsBytesThatAreNotAZip)
{
    auto r = Reader::open_memory("just some text, no zip here at all", "x.zip");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Errc::input);
    EXPECT_EQ(r.error().id, "not-a-zip");
    EXPECT_NE(r.error().message.find("'x.zip'"), std::string::npos);
}

TEST_F(ReaderTest, ReportsACutArchiveAsTruncated)
{
    auto bytes = build_zip({{"a.txt", std::string(100, 'a')}});
    auto r = Reader::open_memory(bytes.substr(0, bytes.size() - 30), "cut.zip");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "truncated");
}

TEST_F(ReaderTest, RefusesMoreEntriesThanTheLimitBeforeReadingThem)
{
    archive::Limits limits;
    limits.max_entries = 2;
    auto r = Reader::open_memory(build_zip({{"a", "1"}, {"b", "2"}, {"c", "3"}}), "m.zip", limits);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().id, "limit-exceeded");
}

TEST_F(ReaderTest, ReportsCrcMismatchWhenReading)
{
    auto r = Reader::open_memory(build_zip({{"a.txt", "hello", 0x12345678u}}), "m.zip").value();
    auto data = r.read(0);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "crc-mismatch");
}

TEST_F(ReaderTest, FindsDuplicateNamesAndReturnsTheFirst)
{
    auto r = Reader::open_memory(build_zip({{"a.txt", "one"}, {"a.txt", "two"}}), "m").value();
    EXPECT_TRUE(has_code(r.structural_findings(), "duplicate-name"));
    EXPECT_EQ(r.read(*r.find("a.txt")).value(), "one");
}

TEST_F(ReaderTest, FindsNamesThatAreEqualOnceDotAndEmptyComponentsGo)
{
    // fixtures/invalid/duplicate-name-dot-slash.zip: extract failed half way (exit 3) instead
    // of refusing up front (exit 6) because the lint compared raw names.
    auto r = Reader::open_memory(build_zip({{"k/a.txt", "one"}, {"./k//a.txt", "two"}}), "m");
    ASSERT_TRUE(r);
    EXPECT_TRUE(has_code(r->structural_findings(), "duplicate-name"));
    auto fine = Reader::open_memory(build_zip({{"k/a.txt", "one"}, {"k/b.txt", "two"}}), "m");
    ASSERT_TRUE(fine);
    EXPECT_FALSE(has_code(fine->structural_findings(), "duplicate-name"));
}

TEST_F(ReaderTest, FindsEntriesSharingTheSameData)
{
    RawEntry alias{"b.txt", ""};
    alias.alias_of = 0;
    auto r = Reader::open_memory(build_zip({{"a.txt", "shared"}, alias}), "m").value();
    EXPECT_TRUE(has_code(r.structural_findings(), "overlapping-entries"));
}

TEST_F(ReaderTest, RefusesEntriesAboveTheRatioLimit)
{
    auto r = Reader::open_file(write({{"zeros.bin", std::string(3u << 20, '\0')}})).value();
    EXPECT_TRUE(has_code(r.structural_findings(), "limit-exceeded"));
    auto data = r.read(0);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "limit-exceeded");

    archive::Limits relaxed;
    relaxed.max_ratio = 1000000;
    auto ok = Reader::open_file(m_dir / "a.zip", relaxed).value();
    EXPECT_TRUE(ok.structural_findings().empty());
    EXPECT_EQ(ok.read(0).value().size(), 3u << 20);
}

TEST_F(ReaderTest, StopsAtTheClaimedSizeWhenAnEntryInflatesToMore)
{
    auto bytes = core::read_file(write({{"a.txt", std::string(5000, 'x')}})).value();
    // Make both headers claim 100 bytes: the reader must stop there, not trust the stream.
    auto patch = [&](std::size_t pos) { bytes.replace(pos, 4, std::string("\x64\0\0\0", 4)); };
    patch(22);
    patch(bytes.find("PK\x01\x02") + 24);
    auto r = Reader::open_memory(bytes, "m").value();
    auto data = r.read(0);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "size-mismatch");
}

TEST_F(ReaderTest, ReadingAnEncryptedEntryFailsWithItsCode)
{
    RawEntry e{"secret.txt", "xxxxxxxxxxxxxxxx"};
    e.flags = 1;
    auto r = Reader::open_memory(build_zip({e}), "m").value();
    EXPECT_TRUE(r.entries()[0].encrypted);
    auto data = r.read(0);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "encrypted-entry");
}

TEST_F(ReaderTest, MarksSymlinkEntriesFromTheirUnixMode)
{
    RawEntry link{"link", "/etc/passwd"};
    link.unix_mode = 0120777;
    auto r = Reader::open_memory(build_zip({{"a", "1"}, link}), "m").value();
    EXPECT_FALSE(r.entries()[0].is_symlink);
    EXPECT_TRUE(r.entries()[1].is_symlink);
}

TEST(ReaderLimitsTest, ReadingAnEntryAboveTheDefaultEntryLimitIsRefused)
{
    // One entry claiming 1 GiB + 1 byte: above the default 1 GiB per entry. The ratio limit
    // is lifted so that only the entry-size limit can refuse it.
    archive::Limits limits;
    limits.max_ratio = ~std::uint64_t{0};
    auto r = Reader::open_memory(test::build_zip_claiming(1, (1U << 30) + 1), "m", limits);
    ASSERT_TRUE(r) << r.error().message;
    auto read = r->read(0);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().id, "limit-exceeded");
    EXPECT_NE(read.error().message.find("1073741824"), std::string::npos) << read.error().message;
}

// An archive read piecewise (a bucket object, through Range requests): 2,000 entries around a
// 4 MiB one, where walking every local header would cost a read per entry and reading it whole
// 4 MiB. Opening and reading one entry take a few reads.
TEST(ReaderRanges, OpensAndReadsOneEntryWithAFewSmallReads)
{
    std::vector<RawEntry> entries;
    entries.emplace_back("metadata.json", R"({"applicationName":"JIRA"})");
    entries.emplace_back("big.bin", std::string(4u << 20, 'b'));
    for (int i = 0; i < 2000; ++i)
        entries.emplace_back("saml/idp-" + std::to_string(i) + ".xml", std::string(300, 'x'));
    const std::string zip = build_zip(entries);
    std::size_t calls = 0;
    std::uint64_t fetched = 0;
    auto fetch = [&](std::uint64_t offset, std::size_t n, char* dst) {
        ++calls;
        fetched += n;
        if (offset > zip.size() || n > zip.size() - offset) return false;
        std::memcpy(dst, zip.data() + offset, n);
        return true;
    };
    auto r = Reader::open_ranges(zip.size(), fetch, "s3://b/k.zip");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->entries().size(), 2002U);
    const auto i = r->find("metadata.json");
    ASSERT_TRUE(i);
    EXPECT_EQ(r->read(*i).value(), R"({"applicationName":"JIRA"})");
    // The head, and one window over the tail that serves both this project's end-record search
    // and libzip's (which reads 21 bytes further back): 4 reads when each fetched its own.
    EXPECT_LE(calls, 3U);
    EXPECT_LT(fetched, zip.size() / 10) << calls << " reads";
    // The directory's records are all there; what reads the entries' data still checks it.
    const auto last = r->find("saml/idp-1999.xml");
    ASSERT_TRUE(last);
    EXPECT_EQ(r->read(*last).value(), std::string(300, 'x'));
}

TEST(ReaderRanges, AFailedReadIsAnErrorNotACrash)
{
    const std::string zip = build_zip({{"metadata.json", "{}"}});
    auto refuse = [](std::uint64_t, std::size_t, char*) { return false; };
    auto r = Reader::open_ranges(zip.size(), refuse, "s3://b/k.zip");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("s3://b/k.zip"), std::string::npos) << r.error().message;
}
