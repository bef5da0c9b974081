#include "rest/paths.hpp"

#include "rest/url.hpp"

namespace ssosnap::rest
{
namespace
{

void replace_all(std::string& s, std::string_view from, const std::string& to)
{
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

core::Result<void> check(const std::string& tmpl, const char* flag, bool needs_id)
{
    if (tmpl.empty() || tmpl.front() != '/' || tmpl.find("..") != std::string::npos ||
        tmpl.find_first_of("?# ") != std::string::npos) {
        return core::fail(core::Errc::usage, std::string(flag) +
                                                 " must be a path starting "
                                                 "with '/' (no '..', query or "
                                                 "spaces), got '" +
                                                 tmpl + "'");
    }
    if (needs_id && tmpl.find("{id}") == std::string::npos) {
        return core::fail(core::Errc::usage,
                          std::string(flag) + " must contain {id}, got '" + tmpl + "'");
    }
    return {};
}

core::Result<void> check_version(const std::string& v, const char* flag)
{
    if (v.empty() || v.find_first_not_of("0123456789.") != std::string::npos) {
        return core::fail(core::Errc::usage,
                          std::string(flag) + " must look like 1.0, got '" + v + "'");
    }
    return {};
}

}  // namespace

std::string ping_path(const ApiPaths& paths)
{
    return "/rest/ksso/api/info/" + paths.info_version + "/ping";
}

std::string snapshots_path(const ApiPaths& paths)
{
    return "/rest/ksso/api/snapshot/" + paths.snapshot_version + "/config/snapshot/";
}

std::string restore_path(const ApiPaths& paths, std::string_view id)
{
    return snapshots_path(paths) + "restore/" + escape_component(id);
}

std::string tokens_path(const ApiPaths& paths)
{
    return "/rest/ksso/api/apitokens/" + paths.tokens_version + "/user/tokens";
}

std::string expand_path(std::string_view tmpl, std::string_view version, std::string_view id)
{
    std::string out(tmpl);
    replace_all(out, "{version}", std::string(version));
    replace_all(out, "{id}", escape_component(id));
    return out;
}

core::Result<void> validate_paths(const ApiPaths& paths)
{
    SSOSNAP_TRY(check_version(paths.info_version, "--info-api-version"));
    SSOSNAP_TRY(check_version(paths.snapshot_version, "--snapshot-api-version"));
    SSOSNAP_TRY(check_version(paths.tokens_version, "--tokens-api-version"));
    SSOSNAP_TRY(check(paths.download, "--download-path", true));
    SSOSNAP_TRY(check(paths.upload, "--upload-path", false));
    SSOSNAP_TRY(check(paths.remove, "--delete-path", true));
    SSOSNAP_TRY(check(paths.token_revoke, "--token-revoke-path", true));
    return {};
}

}  // namespace ssosnap::rest
