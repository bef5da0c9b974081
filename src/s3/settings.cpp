#include "s3/settings.hpp"

#include "core/strings.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ssosnap::s3
{

namespace
{

std::optional<std::string> lookup(const IniSection& section, std::string_view key)
{
    for (const auto& [k, v] : section)
        if (k == key && !v.empty()) return v;
    return std::nullopt;
}

struct SharedFile {
    std::string text;
    std::filesystem::path path;
};

core::Result<std::optional<SharedFile>> read_shared(const GetEnv& env, const char* variable,
                                                    const char* default_name)
{
    std::filesystem::path path;
    if (auto set = env(variable)) {
        path = *set;
    } else if (auto home = env("HOME")) {
        path = std::filesystem::path(*home) / ".aws" / default_name;
    } else {
        return std::optional<SharedFile>{};
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<SharedFile>{};
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        return core::fail(core::Errc::usage, "cannot read " + core::quote(path.string()),
                          "aws-config");
    }
    return std::optional<SharedFile>{SharedFile{text.str(), path}};
}

bool host_is_address(std::string_view endpoint)
{
    auto start = endpoint.find("://");
    if (start == std::string_view::npos) return false;
    auto host = endpoint.substr(start + 3);
    host = host.substr(0, host.find('/'));
    if (host.starts_with('[')) return true;  // IPv6 literal
    host = host.substr(0, host.find(':'));
    if (host == "localhost") return true;
    return !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

}  // namespace

std::optional<std::string> process_env(const char* name)
{
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read at start-up only
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

std::optional<IniSection> ini_section(std::string_view text, std::string_view name)
{
    std::optional<IniSection> found;
    bool inside = false;
    std::string nested;  // "s3" while reading the indented lines of "s3 ="
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        bool indented = !line.empty() && (line.front() == ' ' || line.front() == '\t');
        auto t = core::trim(line);
        if (t.empty() || t.front() == '#' || t.front() == ';') continue;
        if (t.front() == '[' && t.back() == ']') {
            auto section = core::trim(t.substr(1, t.size() - 2));
            inside = section == name;
            if (inside && !found) found = IniSection{};
            nested.clear();
            continue;
        }
        if (!inside) continue;
        auto eq = t.find('=');
        if (eq == std::string_view::npos) continue;
        std::string key = core::to_lower(core::trim(t.substr(0, eq)));
        std::string value(core::trim(t.substr(eq + 1)));
        if (indented && !nested.empty()) {
            std::string nested_key = nested;
            nested_key.append(".").append(key);
            found->emplace_back(std::move(nested_key), value);
            continue;
        }
        nested.clear();
        if (value.empty()) nested = key;  // "s3 =" opens a nested block
        found->emplace_back(std::move(key), std::move(value));
    }
    return found;
}

core::Result<Settings> resolve_settings(const Overrides& overrides, const GetEnv& env)
{
    Settings s;
    s.profile = overrides.profile.value_or(env("AWS_PROFILE").value_or("default"));
    auto credentials_file = read_shared(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    if (!credentials_file) return core::fail(credentials_file.error());
    auto config_file = read_shared(env, "AWS_CONFIG_FILE", "config");
    if (!config_file) return core::fail(config_file.error());
    IniSection creds;
    IniSection config;
    if (*credentials_file) {
        if (auto sec = ini_section((*credentials_file)->text, s.profile)) creds = *sec;
    }
    if (*config_file) {
        std::string section = s.profile == "default" ? "default" : "profile " + s.profile;
        if (auto sec = ini_section((*config_file)->text, section)) config = *sec;
    }
    auto from_profile = [&](std::string_view key) {
        auto v = lookup(creds, key);
        return v ? v : lookup(config, key);
    };

    bool env_keys = !overrides.profile && env("AWS_ACCESS_KEY_ID") && env("AWS_SECRET_ACCESS_KEY");
    if (env_keys) {
        s.access_key = *env("AWS_ACCESS_KEY_ID");
        s.secret_key = *env("AWS_SECRET_ACCESS_KEY");
        s.session_token = env("AWS_SESSION_TOKEN").value_or("");
    } else {
        s.access_key = from_profile("aws_access_key_id").value_or("");
        s.secret_key = from_profile("aws_secret_access_key").value_or("");
        s.session_token = from_profile("aws_session_token").value_or("");
    }
    if (s.access_key.empty() || s.secret_key.empty()) {
        return core::fail(core::Errc::usage,
                          "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
                          "name a profile of ~/.aws/credentials with AWS_PROFILE or --aws-profile "
                          "(looked for profile " +
                              core::quote(s.profile) + ")",
                          "s3-no-credentials");
    }

    if (overrides.region) {
        s.region = *overrides.region;
    } else if (auto r = env("AWS_REGION")) {
        s.region = *r;
    } else if (auto dr = env("AWS_DEFAULT_REGION")) {
        s.region = *dr;
    } else if (auto pr = lookup(config, "region")) {
        s.region = *pr;
    }
    if (s.region.empty() || s.region.find_first_of(":/ \t") != std::string::npos) {
        return core::fail(core::Errc::usage, "bad AWS region " + core::quote(s.region),
                          "s3-endpoint");
    }

    if (overrides.endpoint) {
        s.endpoint = *overrides.endpoint;
    } else if (auto e3 = env("AWS_ENDPOINT_URL_S3")) {
        s.endpoint = *e3;
    } else if (auto e = env("AWS_ENDPOINT_URL")) {
        s.endpoint = *e;
    } else if (auto pe = lookup(config, "endpoint_url")) {
        s.endpoint = *pe;
    } else {
        s.endpoint = "https://s3." + s.region + ".amazonaws.com";
    }
    while (s.endpoint.ends_with('/'))
        s.endpoint.pop_back();
    if (!s.endpoint.starts_with("http://") && !s.endpoint.starts_with("https://")) {
        return core::fail(core::Errc::usage,
                          "bad S3 endpoint " + core::quote(s.endpoint) +
                              ": it must start with https:// (or http://)",
                          "s3-endpoint");
    }
    auto style_env = env("SSOSNAP_S3_PATH_STYLE");
    s.path_style = overrides.path_style || (style_env && *style_env == "1") ||
                   lookup(config, "s3.addressing_style") == std::optional<std::string>("path") ||
                   host_is_address(s.endpoint);
    s.ca_file = overrides.ca_file;
    s.insecure = overrides.insecure;
    return s;
}

}  // namespace ssosnap::s3
