#include "core/sha256.hpp"
#include "crypt/age.hpp"

#include "core/files.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <sys/stat.h>

using namespace ssosnap;
namespace fs = std::filesystem;

namespace
{

struct TempDir {
    fs::path path = *core::make_temp_dir("ssosnap-age-test");
    ~TempDir() { fs::remove_all(path); }
};

bool have_age()
{
    const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe)
    return crypt::find_program("", path ? std::optional<std::string>(path) : std::nullopt)
               .has_value() &&
           crypt::find_program("age-keygen", path ? std::optional<std::string>(path) : std::nullopt)
               .has_value();
}

// Runs a shell command line (test set-up only: key generation).
void run(const std::string& command)
{
    ASSERT_EQ(std::system(command.c_str()), 0) << command;  // NOLINT(cert-env33-c)
}

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

fs::path write_script(const fs::path& dir, const std::string& body)
{
    const auto p = dir / "fake-age";
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    ::chmod(p.c_str(), 0700);
    return p;
}

// A generated key pair: the identity file and its recipient.
struct Key {
    fs::path identity;
    std::string recipient;
};

Key make_key(const fs::path& dir, const std::string& name)
{
    Key k{dir / (name + ".txt"), {}};
    run("age-keygen -o '" + k.identity.string() + "' 2>/dev/null");
    run("age-keygen -y '" + k.identity.string() + "' > '" + k.identity.string() + ".pub'");
    auto pub = slurp(k.identity.string() + ".pub");
    k.recipient = pub.substr(0, pub.find('\n'));
    return k;
}

}  // namespace

TEST(AgeTest, RecognisesBinaryAndArmoredHeaders)
{
    EXPECT_TRUE(crypt::is_age_header("age-encryption.org/v1\n-> X25519 abc\n"));
    EXPECT_TRUE(crypt::is_age_header("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl"));
    EXPECT_FALSE(crypt::is_age_header(std::string("PK\x03\x04", 4)));
    EXPECT_FALSE(crypt::is_age_header("age-encryption.org/v2\n"));
}

TEST(AgeTest, MissingProgramNamesTheDebianPackage)
{
    auto found = crypt::find_program("", std::string("/nonexistent-a:/nonexistent-b"));
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().id, "age-missing");
    EXPECT_EQ(found.error().code, core::Errc::input);
    EXPECT_NE(found.error().message.find("Debian package 'age'"), std::string::npos);
    auto explicit_path = crypt::find_program("/nonexistent/age", std::nullopt);
    ASSERT_FALSE(explicit_path);
    EXPECT_EQ(explicit_path.error().id, "age-missing");
}

TEST(AgeTest, FindsTheProgramOnPath)
{
    TempDir dir;
    auto script = write_script(dir.path, "exit 0");
    auto found = crypt::find_program("fake-age", "/nonexistent:" + dir.path.string());
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(*found, script);
}

TEST(AgeTest, ClassifiesAgesOwnMessages)
{
    // The lines age 1.1 prints, as the test suite saw them (tests/age runs the real program).
    const std::pair<const char*, const char*> cases[] = {
        {"age: error: no identity matched any of the recipients\n"
         "age: report unexpected or unhelpful errors at https://filippo.io/age/report\n",
         "age-wrong-identity"},
        {"age: error: failed to read header: failed to parse header: failed to read line: EOF\n",
         "age-corrupt"},
        {"age: error: failed to decrypt and authenticate payload chunk\n", "age-corrupt"},
        {"age: error: malformed recipient \"age1bogus\": separator '1' at invalid position\n",
         "age-bad-recipient"},
        {"age: error: could not read passphrase: standard input is not a terminal, and /dev/tty "
         "is not available: open /dev/tty: no such device or address\n",
         "age-passphrase-no-terminal"},
        {"age: error: reading \"/nonexistent\": failed to open file: open /nonexistent: no such "
         "file or directory\n",
         "age-bad-identity"},
        {"age: error: reading \"k.txt\": failed to read \"k.txt\": error at line 1: unknown "
         "identity type\n",
         "age-bad-identity"},
        {"age: error: something new\n", "age-failed"},
    };
    for (const auto& [text, id] : cases)
        EXPECT_EQ(crypt::classify_failure(text, 1).id, id) << text;
    EXPECT_EQ(crypt::classify_failure("age: error: malformed recipient \"x\"\n", 1).code,
              core::Errc::usage);
}

TEST(AgeTest, RelaysStderrEscapedAndBounded)
{
    TempDir dir;
    // A program that fails with terminal escapes and far too much text on stderr.
    auto fake = write_script(dir.path, "printf 'age: error: \\033[31mred\\033[0m ' >&2; "
                                       "head -c 100000 /dev/zero | tr '\\\\0' x >&2; exit 1");
    crypt::AgeOptions o;
    o.program = fake.string();
    o.recipients = {"age1qqq"};
    auto out = crypt::encrypt_to_file(o, "plain", dir.path / "x.zip.age");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().message.find('\x1b'), std::string::npos) << out.error().message;
    EXPECT_NE(out.error().message.find("\\x1b[31mred"), std::string::npos) << out.error().message;
    // 300 bytes of age's text at most, each escaped to at most 4 characters (NUL → \x00):
    // not the 100,000 bytes it wrote.
    EXPECT_EQ(out.error().message.find('\0'), std::string::npos);
    EXPECT_LT(out.error().message.size(), 1400u);
    EXPECT_FALSE(fs::exists(dir.path / "x.zip.age"));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1)
        << "only the script: no temporary left behind";
}

TEST(AgeTest, RoundTripsThroughTheRealProgram)
{
    if (!have_age()) GTEST_SKIP() << "age is not installed";
    TempDir dir;
    const Key a = make_key(dir.path, "a");
    const Key b = make_key(dir.path, "b");
    std::string plain(300000, '\0');
    for (std::size_t i = 0; i < plain.size(); ++i)
        plain[i] = static_cast<char>((i * 7919) & 0xff);
    crypt::AgeOptions o;
    o.recipients = {a.recipient, b.recipient};
    const auto sealed = dir.path / "s.zip.age";
    auto written = crypt::encrypt_to_file(o, plain, sealed);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_TRUE(crypt::is_age_file(sealed));
    EXPECT_EQ(written->bytes, fs::file_size(sealed));
    EXPECT_EQ(written->plain_sha256, core::sha256_hex(plain)) << "the digest made while sending";
    struct stat st {
    };
    ASSERT_EQ(::stat(sealed.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    for (const auto& key : {a, b}) {
        crypt::AgeOptions r;
        r.identities = {key.identity};
        auto back = crypt::decrypt_file(r, sealed, plain.size());
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->plaintext, plain);
        EXPECT_EQ(back->sha256, core::sha256_hex(plain)) << "the digest made while decrypting";
    }
    crypt::AgeOptions small;
    small.identities = {a.identity};
    auto too_large = crypt::decrypt_file(small, sealed, plain.size() - 1);
    ASSERT_FALSE(too_large);
    EXPECT_EQ(too_large.error().id, "age-too-large");
}

TEST(AgeTest, AWriterFedInPiecesWritesWhatItWasFed)
{
    TempDir dir;
    // `cat` stands in for age: the "ciphertext" is the plaintext, so what arrived is visible.
    crypt::AgeOptions o;
    o.program = write_script(dir.path, "exec cat").string();
    o.recipients = {"age1qqq"};
    std::string plain(3'000'000, '\0');
    for (std::size_t i = 0; i < plain.size(); ++i)
        plain[i] = static_cast<char>((i * 7919) & 0xff);
    const auto to = dir.path / "s.zip.age";
    auto writer = crypt::AgeWriter::start(o, to);
    ASSERT_TRUE(writer) << writer.error().message;
    const std::string_view all(plain);
    ASSERT_TRUE(writer->write(all.substr(0, 5)));
    ASSERT_TRUE(writer->write(all.substr(5, 2'000'000)));
    EXPECT_FALSE(fs::exists(to)) << "the name only once finished";
    ASSERT_TRUE(writer->write(all.substr(2'000'005)));
    auto done = writer->finish();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(slurp(to), plain);
    EXPECT_EQ(done->bytes, plain.size());
    EXPECT_EQ(done->sha256, core::sha256_hex(plain));
    EXPECT_EQ(done->plain_sha256, core::sha256_hex(plain));
}

// An AgeWriter's surroundings where the stand-in for age reads nothing until `flag` exists,
// then copies its input.
struct HeldBackAge {
    TempDir dir;
    fs::path flag = dir.path / "age-may-read";
    fs::path to = dir.path / "s.zip.age";

    crypt::AgeOptions options() const
    {
        crypt::AgeOptions o;
        o.program = write_script(dir.path, "while [ ! -e '" + flag.string() +
                                               "' ]; do sleep 0.02; done; exec cat")
                        .string();
        o.recipients = {"age1qqq"};
        return o;
    }

    // Runs write(bytes) on a thread; whether it returned within `patience`. `flag` is created
    // afterwards either way, so a write that waits for age ends and the test does not hang.
    bool write_returns_before_age_reads(crypt::AgeWriter& writer, const std::string& bytes,
                                        std::chrono::milliseconds patience) const
    {
        auto sent = std::async(std::launch::async, [&] { return writer.write(bytes); });
        const bool returned = sent.wait_for(patience) == std::future_status::ready;
        std::ofstream(flag) << "go";
        EXPECT_TRUE(sent.get()) << "age reads everything in the end";
        return returned;
    }
};

TEST(AgeTest, AWriterTakesThePlaintextWithoutWaitingForAgeToReadIt)
{
    HeldBackAge age;
    auto writer = crypt::AgeWriter::start(age.options(), age.to);
    ASSERT_TRUE(writer) << writer.error().message;
    // Far more than a socket buffer: a write that sends it itself waits until age reads.
    std::string plain(8'000'000, '\0');
    for (std::size_t i = 0; i < plain.size(); ++i)
        plain[i] = static_cast<char>((i * 131) & 0xff);
    EXPECT_TRUE(age.write_returns_before_age_reads(*writer, plain, std::chrono::seconds(20)))
        << "write() waited for age to read: a download would stop receiving meanwhile";
    auto done = writer->finish();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(slurp(age.to), plain);
    EXPECT_EQ(done->plain_sha256, core::sha256_hex(plain));
}

TEST(AgeTest, AWriterHoldsNoMoreThanItsBoundWhileAgeDoesNotRead)
{
    HeldBackAge age;
    auto writer = crypt::AgeWriter::start(age.options(), age.to);
    ASSERT_TRUE(writer) << writer.error().message;
    const std::string plain(crypt::AgeWriter::k_queue_bound + (std::size_t{8} << 20), 'p');
    // A write beyond the bound can only end once age reads: within two seconds it has not.
    EXPECT_FALSE(age.write_returns_before_age_reads(*writer, plain, std::chrono::seconds(2)))
        << "write() queued more than k_queue_bound bytes for an age that reads nothing";
    auto done = writer->finish();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->bytes, plain.size());
    EXPECT_EQ(done->sha256, core::sha256_hex(plain));
}

TEST(AgeTest, AWriterLeftUnfinishedStopsAgeAndLeavesNothing)
{
    TempDir dir;
    crypt::AgeOptions o;
    o.program = write_script(dir.path, "exec cat").string();
    o.recipients = {"age1qqq"};
    const auto to = dir.path / "s.zip.age";
    {
        auto writer = crypt::AgeWriter::start(o, to);
        ASSERT_TRUE(writer) << writer.error().message;
        ASSERT_TRUE(writer->write(std::string(100'000, 'p')));
    }  // e.g. the download failed its check
    EXPECT_FALSE(fs::exists(to));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1)
        << "only the script: no temporary left behind";
}

TEST(AgeTest, AWriterWhoseAgeFailsReportsAgesError)
{
    TempDir dir;
    crypt::AgeOptions o;
    o.program =
        write_script(dir.path, "echo 'age: error: malformed recipient \"x\"' >&2; exit 1").string();
    o.recipients = {"x"};
    const auto to = dir.path / "s.zip.age";
    auto writer = crypt::AgeWriter::start(o, to);
    ASSERT_TRUE(writer) << writer.error().message;
    // More than a socket buffer holds: the write sees age gone, or finish() does.
    auto sent = writer->write(std::string(8'000'000, 'p'));
    std::optional<core::Error> error;
    if (!sent) {
        error = sent.error();
    } else if (auto done = writer->finish(); !done) {
        error = done.error();
    }
    ASSERT_TRUE(error) << "age failed";
    EXPECT_EQ(error->id, "age-bad-recipient") << error->message;
    EXPECT_FALSE(fs::exists(to));
}

TEST(AgeTest, RefusesWithoutIdentityBeforeRunningAge)
{
    TempDir dir;
    const auto f = dir.path / "x.zip.age";
    std::ofstream(f) << "age-encryption.org/v1\n-> X25519 abc\nxyz\n--- mac\n";
    crypt::AgeOptions o;
    o.program = (dir.path / "never-run").string();  // not there: would be age-missing
    auto got = crypt::decrypt_file(o, f, 1000);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().id, "age-no-identity");
}
