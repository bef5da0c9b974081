#include "rest/libcurl.hpp"
#include "rest/version_info.hpp"

#include <gtest/gtest.h>

using namespace ssosnap;

// A missing libcurl is an error value naming the package, not an exception that would leave
// the module and end as "internal" (exit 70).
TEST(LibcurlTest, AMissingLibraryIsAnInputErrorNamingThePackage)
{
    auto missing = rest::libcurl::load("libssosnap-test-no-such-curl.so.4");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::Errc::input);
    EXPECT_EQ(core::exit_status(missing.error().code), 3);
    EXPECT_EQ(missing.error().id, "libcurl-missing");
    EXPECT_NE(missing.error().message.find("cannot load libssosnap-test-no-such-curl.so.4"),
              std::string::npos);
    EXPECT_NE(missing.error().message.find("install the libcurl4 package"), std::string::npos);
}

TEST(LibcurlTest, ALibraryWithoutCurlsFunctionsIsRefused)
{
    // libc is loaded in every process and has no curl_ functions.
    auto wrong = rest::libcurl::load("libc.so.6");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().id, "libcurl-missing");
    EXPECT_NE(wrong.error().message.find("libc.so.6 lacks curl_global_init"), std::string::npos);
}

TEST(LibcurlTest, TheBuildsLibcurlLoads)
{
    ASSERT_TRUE(rest::libcurl::loaded());
    EXPECT_TRUE(rest::load_libcurl());
    EXPECT_NE(rest::libcurl_version(), "not found");
}
