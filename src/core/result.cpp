#include "core/result.hpp"

namespace ssosnap::core
{

int exit_status(Errc code)
{
    switch (code) {
    case Errc::usage:
        return 2;
    case Errc::input:
        return 3;
    case Errc::remote:
        return 4;
    case Errc::auth:
        return 5;
    case Errc::refused:
        return 6;
    case Errc::internal:
        return 70;
    }
    return 70;
}

const char* errc_name(Errc code)
{
    switch (code) {
    case Errc::usage:
        return "usage";
    case Errc::input:
        return "input";
    case Errc::remote:
        return "remote";
    case Errc::auth:
        return "auth";
    case Errc::refused:
        return "refused";
    case Errc::internal:
        return "internal";
    }
    return "internal";
}

Error Error::with_context(const std::string& context) const
{
    Error copy = *this;
    copy.message = context + ": " + message;
    return copy;
}

}  // namespace ssosnap::core
