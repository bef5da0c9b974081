// The second wall of extraction, tested on its own, below the entry-name check: "..",
// absolute paths and a symbolic link planted in the target never lead to a write outside,
// both with openat2 and with the per-component walk used where the kernel has none.

#include "archive/beneath.hpp"

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace ssosnap::archive
{
namespace
{

namespace fs = std::filesystem;

class BeneathTest : public ::testing::TestWithParam<Resolution>
{
protected:
    void SetUp() override
    {
        std::string tmpl = (fs::temp_directory_path() / "ssosnap-beneath-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_base = tmpl;
        fs::create_directories(target());
        fs::create_directories(outside());
        m_root = Fd(::open(target().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        ASSERT_GE(m_root.get(), 0);
    }
    void TearDown() override
    {
        std::error_code ec;
        fs::remove_all(m_base, ec);
    }

    fs::path target() const { return m_base / "a" / "target"; }
    fs::path outside() const { return m_base / "a" / "outside"; }

    /// Every name under the base folder except the target and outside folders themselves.
    std::vector<std::string> everything_outside_target() const
    {
        std::vector<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(m_base)) {
            const auto rel = fs::relative(e.path(), m_base).generic_string();
            if (rel == "a" || rel == "a/outside" || rel == "a/target" ||
                rel.rfind("a/target/", 0) == 0)
                continue;
            out.push_back(rel);
        }
        return out;
    }

    core::Result<Fd> create(const std::string& relative)
    {
        return create_file_beneath(m_root.get(), relative, GetParam());
    }

    fs::path m_base;
    Fd m_root;
};

TEST_P(BeneathTest, WritesAFileAndItsFoldersWithPrivateModes)
{
    auto fd = create("kerberos/saml/config.json");
    ASSERT_TRUE(fd) << fd.error().message;
    ASSERT_EQ(::write(fd->get(), "{}", 2), 2);
    EXPECT_TRUE(fs::is_regular_file(target() / "kerberos" / "saml" / "config.json"));
    struct stat st {
    };
    ASSERT_EQ(::stat((target() / "kerberos" / "saml" / "config.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    ASSERT_EQ(::stat((target() / "kerberos" / "saml").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);
}

TEST_P(BeneathTest, RefusesDotDotAndWritesNothingOutside)
{
    for (const std::string name : {"../x", "../outside/x", "sub/../../x", "..", "sub/../../../y"}) {
        auto fd = create(name);
        EXPECT_FALSE(fd) << name;
        if (!fd) {
            EXPECT_EQ(fd.error().id, "outside-target") << name << ": " << fd.error().message;
        }
    }
    auto dir = open_dir_beneath(m_root.get(), "../outside", GetParam());
    EXPECT_FALSE(dir);
    EXPECT_TRUE(everything_outside_target().empty())
        << "written outside: " << everything_outside_target().front();
}

TEST_P(BeneathTest, AnAbsolutePathNeverLeavesTheTarget)
{
    const auto abs = (outside() / "abs").string();
    auto fd = create(abs);
    EXPECT_FALSE(fd);
    EXPECT_FALSE(fs::exists(outside() / "abs"));
    EXPECT_TRUE(everything_outside_target().empty())
        << "written outside: " << everything_outside_target().front();
}

TEST_P(BeneathTest, AFolderLinkPlantedInTheTargetIsNotFollowed)
{
    fs::create_directory_symlink(outside(), target() / "link");
    fs::create_directory_symlink("../outside", target() / "rel");
    for (const std::string name : {"link/x", "rel/x", "link/deeper/x"}) {
        auto fd = create(name);
        EXPECT_FALSE(fd) << name;
    }
    EXPECT_FALSE(open_dir_beneath(m_root.get(), "link/new", GetParam()));
    EXPECT_TRUE(fs::is_empty(outside()));
    EXPECT_TRUE(everything_outside_target().empty())
        << "written outside: " << everything_outside_target().front();
}

TEST_P(BeneathTest, AFileLinkPlantedInTheTargetIsNotWrittenThrough)
{
    const auto victim = outside() / "victim";
    {
        std::ofstream(victim) << "original";
    }
    fs::create_symlink(victim, target() / "file");
    auto fd = create("file");
    EXPECT_FALSE(fd);
    std::ifstream in(victim);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "original");
}

TEST_P(BeneathTest, AFileInTheWayOfAFolderIsADuplicateName)
{
    ASSERT_TRUE(create("a"));
    auto fd = create("a/b");
    ASSERT_FALSE(fd);
    EXPECT_EQ(fd.error().id, "duplicate-name");
    auto again = create("a");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().id, "duplicate-name");
}

INSTANTIATE_TEST_SUITE_P(Each, BeneathTest, ::testing::Values(Resolution::kernel, Resolution::walk),
                         [](const auto& param_info) {
                             return param_info.param == Resolution::kernel ? std::string("Kernel")
                                                                           : std::string("Walk");
                         });

}  // namespace
}  // namespace ssosnap::archive
