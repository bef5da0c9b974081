#include "emulator/options.hpp"

#include "core/files.hpp"
#include "core/strings.hpp"

#include <charconv>

namespace ssosnap::emulator
{
namespace
{

constexpr Endpoint k_endpoints[] = {
    Endpoint::ping,          Endpoint::list,          Endpoint::create, Endpoint::restore,
    Endpoint::download,      Endpoint::upload,        Endpoint::remove, Endpoint::tokens_list,
    Endpoint::tokens_create, Endpoint::tokens_revoke,
};

std::optional<int> to_int(std::string_view s)
{
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

core::Result<PlannedFault> parse_one(std::string_view item)
{
    auto parts = core::split(item, ':');
    auto bad = [&](const std::string& why) {
        return core::fail(core::Errc::usage,
                          "--fault-plan item '" + std::string(item) + "': " + why +
                              " (expected ENDPOINT:N:KIND or ENDPOINT:N-M:KIND)");
    };
    if (parts.size() != 3) return bad("not three fields");
    PlannedFault f;
    if (parts[0] != "any") {
        for (auto e : k_endpoints) {
            if (parts[0] == endpoint_name(e)) f.endpoint = e;
        }
        if (!f.endpoint) return bad("unknown endpoint '" + parts[0] + "'");
    }
    auto dash = parts[1].find('-');
    auto first = to_int(std::string_view(parts[1]).substr(0, dash));
    auto last =
        dash == std::string::npos ? first : to_int(std::string_view(parts[1]).substr(dash + 1));
    if (!first || !last || *first < 1 || *last < *first) return bad("bad request number");
    f.first = *first;
    f.last = *last;
    auto kind = parse_fault_kind(parts[2]);
    if (!kind) return bad("unknown kind '" + parts[2] + "'");
    f.kind = *kind;
    return f;
}

}  // namespace

const char* endpoint_name(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ping:
        return "ping";
    case Endpoint::list:
        return "list";
    case Endpoint::create:
        return "create";
    case Endpoint::restore:
        return "restore";
    case Endpoint::download:
        return "download";
    case Endpoint::upload:
        return "upload";
    case Endpoint::remove:
        return "delete";
    case Endpoint::tokens_list:
        return "tokens-list";
    case Endpoint::tokens_create:
        return "tokens-create";
    case Endpoint::tokens_revoke:
        return "tokens-revoke";
    case Endpoint::unknown:
        return "unknown";
    }
    return "unknown";
}

const char* fault_kind_name(FaultKind kind)
{
    switch (kind) {
    case FaultKind::http500:
        return "500";
    case FaultKind::http503:
        return "503";
    case FaultKind::http429:
        return "429";
    case FaultKind::drop:
        return "drop";
    case FaultKind::slow:
        return "slow";
    }
    return "500";
}

std::optional<FaultKind> parse_fault_kind(std::string_view text)
{
    for (auto k : {FaultKind::http500, FaultKind::http503, FaultKind::http429, FaultKind::drop,
                   FaultKind::slow}) {
        if (text == fault_kind_name(k)) return k;
    }
    return std::nullopt;
}

core::Result<std::vector<PlannedFault>> parse_fault_plan(std::string_view text)
{
    std::vector<PlannedFault> out;
    for (const auto& item : core::split(text, ',')) {
        if (core::trim(item).empty()) continue;
        auto f = parse_one(core::trim(item));
        if (!f) return core::fail(f.error());
        out.push_back(*f);
    }
    return out;
}

core::Result<std::vector<FaultKind>> parse_fault_kinds(std::string_view text)
{
    std::vector<FaultKind> out;
    for (const auto& item : core::split(text, ',')) {
        auto k = parse_fault_kind(core::trim(item));
        if (!k) {
            return core::fail(core::Errc::usage, "--fault-kinds: unknown kind '" + item +
                                                     "' (use 500, 503, 429, drop, slow)");
        }
        out.push_back(*k);
    }
    if (out.empty()) return core::fail(core::Errc::usage, "--fault-kinds is empty");
    return out;
}

core::Result<UserSpec> parse_user_spec(std::string_view text)
{
    auto first = text.find(':');
    if (first == std::string_view::npos || first == 0) {
        return core::fail(core::Errc::usage, "a user must be NAME:PASSWORD[:admin]");
    }
    UserSpec u;
    u.name = std::string(text.substr(0, first));
    std::string_view rest = text.substr(first + 1);
    constexpr std::string_view k_admin = ":admin";
    if (rest.size() >= k_admin.size() && rest.substr(rest.size() - k_admin.size()) == k_admin) {
        u.admin = true;
        rest.remove_suffix(k_admin.size());
    }
    if (rest.empty()) {
        return core::fail(core::Errc::usage, "user '" + u.name + "' has an empty password");
    }
    u.password = std::string(rest);
    return u;
}

core::Result<std::vector<UserSpec>> read_users_file(const std::filesystem::path& path)
{
    auto text = core::read_file(path, 1 << 20);
    if (!text) return core::fail(text.error());
    std::vector<UserSpec> out;
    int n = 0;
    for (const auto& raw : core::split(*text, '\n')) {
        ++n;
        auto line = core::trim(raw);
        if (line.empty() || line.front() == '#') continue;
        auto u = parse_user_spec(line);
        if (!u) {
            return core::fail(
                u.error().with_context(core::quote(path.string()) + " line " + std::to_string(n)));
        }
        out.push_back(std::move(*u));
    }
    return out;
}

}  // namespace ssosnap::emulator
