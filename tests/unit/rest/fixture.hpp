#pragma once
// Reads a recorded REST body from fixtures/api/.

#include "core/files.hpp"

#include <gtest/gtest.h>
#include <string>

namespace ssosnap::rest::testing
{

inline std::string api_fixture(const std::string& name)
{
    auto text = core::read_file(std::string(SSOSNAP_FIXTURES_DIR) + "/api/" + name);
    EXPECT_TRUE(text) << name;
    return text ? *text : std::string();
}

}  // namespace ssosnap::rest::testing
