// libFuzzer target: the tolerant parsers of Kantega's token answers (list in both shapes,
// and the creation answer). Whatever the server sends must give a value or an error.

#include "rest/tokens.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    namespace rs = ssosnap::rest;
    auto list = rs::parse_token_list(text);
    if (list) {
        for (const auto& t : list->tokens) {
            rs::TokenRequest request;
            request.name = t.name;
            request.description = t.description;
            (void)rs::token_request_json(request);
        }
    }
    (void)rs::parse_created_token(text);
    return 0;
}
