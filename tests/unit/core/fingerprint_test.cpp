#include "core/fingerprint.hpp"

#include "core/files.hpp"
#include "core/sha256.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace ssosnap::core;

namespace
{

FingerprintKey key_of(std::uint8_t first)
{
    FingerprintKey k{};
    for (std::size_t i = 0; i < k.size(); ++i)
        k[i] = static_cast<std::uint8_t>(first + i);
    return k;
}

class FingerprintKeyTest : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = *make_temp_dir("ssosnap-fp-test"); }
    void TearDown() override
    {
        std::error_code ec;
        fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_dir, ec);
    }
    fs::path m_dir;
};

mode_t mode_of(const fs::path& p)
{
    struct stat st {
    };
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

}  // namespace

TEST(KeyedFingerprintTest, IsHmacSha256UnderTheKey)
{
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" gives
    // 5bdcc146bf60754e6a042426089575c7...; a 32-byte key zero-padded from "Jefe" is the same
    // key for HMAC (keys shorter than the block are padded with zeros).
    FingerprintKey jefe{};
    jefe[0] = 'J';
    jefe[1] = 'e';
    jefe[2] = 'f';
    jefe[3] = 'e';
    EXPECT_EQ(keyed_fingerprint(jefe, "what do ya want for nothing?"), "hmac:5bdcc146bf60");
}

TEST(KeyedFingerprintTest, DependsOnTheKeyNotOnlyOnTheData)
{
    auto a = keyed_fingerprint(key_of(1), "Winter2024!");
    EXPECT_EQ(a, keyed_fingerprint(key_of(1), "Winter2024!"));
    EXPECT_NE(a, keyed_fingerprint(key_of(2), "Winter2024!"));
    EXPECT_NE(a, keyed_fingerprint(key_of(1), "Winter2025!"));
    EXPECT_EQ(a.size(), 5 + k_fingerprint_hex_digits);
    EXPECT_EQ(a.find(sha256_hex("Winter2024!").substr(0, 8)), std::string::npos);
}

TEST(KeyedFingerprintTest, RandomKeysDiffer)
{
    EXPECT_NE(random_fingerprint_key(), random_fingerprint_key());
}

TEST_F(FingerprintKeyTest, CreatesThenReusesAPrivateKeyFile)
{
    auto file = m_dir / "config" / "ssosnap" / "fingerprint.key";
    auto first = load_or_create_fingerprint_key(file);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(mode_of(file), 0600U);
    EXPECT_EQ(mode_of(file.parent_path()), 0700U);
    auto again = load_or_create_fingerprint_key(file);
    ASSERT_TRUE(again);
    EXPECT_EQ(*first, *again);
    EXPECT_EQ(read_file(file)->size(), 65U);
}

TEST_F(FingerprintKeyTest, ReadsAKeyWrittenByAnother)
{
    auto file = m_dir / "fingerprint.key";
    ASSERT_TRUE(write_file_atomic(
        file, "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\n",
        FileMode::secret));
    auto key = load_or_create_fingerprint_key(file);
    ASSERT_TRUE(key);
    EXPECT_EQ(*key, key_of(1));
}

TEST_F(FingerprintKeyTest, RefusesAMalformedKeyFileWithoutReplacingIt)
{
    auto file = m_dir / "fingerprint.key";
    ASSERT_TRUE(write_file_atomic(file, "short\n", FileMode::secret));
    auto key = load_or_create_fingerprint_key(file);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().code, Errc::input);
    EXPECT_NE(key.error().message.find("not 64 hex digits"), std::string::npos);
    EXPECT_EQ(*read_file(file), "short\n");
}

TEST_F(FingerprintKeyTest, FailsWhenTheFolderCannotBeCreated)
{
    if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
    fs::permissions(m_dir, fs::perms::owner_read | fs::perms::owner_exec);
    auto key = load_or_create_fingerprint_key(m_dir / "ssosnap" / "fingerprint.key");
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().code, Errc::input);
}

TEST(FingerprintKeyPathTest, PrefersXdgConfigHome)
{
    EXPECT_EQ(fingerprint_key_path("/x", "/h"), fs::path("/x/ssosnap/fingerprint.key"));
    EXPECT_EQ(fingerprint_key_path("", "/h"), fs::path("/h/.config/ssosnap/fingerprint.key"));
    EXPECT_EQ(fingerprint_key_path("", ""), fs::path());
}
