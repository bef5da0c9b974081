#include "core/large_buffer.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <string>

using ssosnap::core::reserve_large;

TEST(LargeBufferTest, ReservesRoomAndKeepsTheContents)
{
    std::string s = "kept";
    reserve_large(s, std::uint64_t{5} << 20);
    EXPECT_GE(s.capacity(), std::size_t{5} << 20);
    EXPECT_EQ(s, "kept");
    s.append(std::size_t{5} << 20, 'x');  // the room is usable
    EXPECT_EQ(s.size(), (std::size_t{5} << 20) + 4);
}

TEST(LargeBufferTest, AnImpossibleSizeLeavesTheBufferAsItWas)
{
    std::string s = "kept";
    const auto before = s.capacity();
    reserve_large(s, std::numeric_limits<std::uint64_t>::max());  // more than a string holds
    EXPECT_EQ(s, "kept");
    EXPECT_LE(before, s.capacity());
}
