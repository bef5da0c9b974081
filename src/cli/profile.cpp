#include "cli/profile.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace ssosnap::cli
{
namespace
{

core::Unexpected bad_line(const std::string& origin, int line, const std::string& what)
{
    return core::fail(core::Errc::usage, origin + ":" + std::to_string(line) + ": " + what,
                      "bad-config");
}

/// Sets the field `key` names; false for an unknown key.
bool set_field(Profile& p, std::string_view key, std::string value)
{
    if (key == "url")
        p.url = std::move(value);
    else if (key == "user")
        p.user = std::move(value);
    else if (key == "auth")
        p.auth = std::move(value);
    else if (key == "cacert")
        p.cacert = std::move(value);
    else if (key == "token-file")
        p.token_file = std::move(value);
    else if (key == "password-file")
        p.password_file = std::move(value);
    else if (key == "encrypt-to")
        p.encrypt_to.push_back(std::move(value));
    else if (key == "recipients-file")
        p.recipients_file.push_back(std::move(value));
    else if (key == "identity")
        p.identity.push_back(std::move(value));
    else if (key == "age-program")
        p.age_program = std::move(value);
    else
        return false;
    return true;
}

bool is_secret_key(std::string_view key)
{
    return key == "password" || key == "token" || key == "secret" || key == "client-secret";
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

/// True when `value` is a private key itself rather than the path of a file holding one:
/// an age X25519 identity or plugin identity (age-keygen's and age-plugin-*'s output), or a
/// PEM block such as an OpenSSH private key. Only the start is looked at.
bool is_key_material(std::string_view value)
{
    return starts_with_ignoring_case(value, "AGE-SECRET-KEY-") ||
           starts_with_ignoring_case(value, "AGE-PLUGIN-") || value.rfind("-----BEGIN", 0) == 0;
}

/// Group/other read bits of `path`, or -1 when it cannot be read.
int shared_bits(const std::string& path)
{
    struct stat st {
    };
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 044);
}

}  // namespace

std::filesystem::path config_path(const EnvReader& env, const std::string& explicit_path)
{
    if (!explicit_path.empty()) return explicit_path;
    if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty())
        return std::filesystem::path(*xdg) / "ssosnap" / "config";
    if (auto home = env("HOME"); home && !home->empty())
        return std::filesystem::path(*home) / ".config" / "ssosnap" / "config";
    return {};
}

core::Result<ProfileConfig> parse_profiles(std::string_view text, const std::string& origin)
{
    ProfileConfig config;
    Profile* current = nullptr;
    int number = 0;
    for (const auto& raw : core::split(text, '\n')) {
        ++number;
        auto line = core::trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') return bad_line(origin, number, "unclosed section header");
            auto inner = core::trim(line.substr(1, line.size() - 2));
            if (inner.substr(0, 8) != "profile ")
                return bad_line(origin, number, "expected a section [profile NAME]");
            std::string name(core::trim(inner.substr(8)));
            if (name.empty()) return bad_line(origin, number, "profile without a name");
            if (find_profile(config, name) != nullptr)
                return bad_line(origin, number, "profile '" + name + "' is defined twice");
            Profile profile;
            profile.name = name;
            config.profiles.push_back(std::move(profile));
            current = &config.profiles.back();
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string_view::npos) return bad_line(origin, number, "expected key = value");
        std::string key(core::trim(line.substr(0, eq)));
        std::string value(core::trim(line.substr(eq + 1)));
        if (current == nullptr)
            return bad_line(origin, number, "'" + key + "' outside a [profile NAME] section");
        if (is_secret_key(key)) {
            return bad_line(origin, number,
                            "secrets do not belong in the config file: put it in a 0600 file "
                            "and name that with token-file or password-file");
        }
        if (is_key_material(value)) {
            return bad_line(origin, number,
                            "'" + key +
                                "' holds private key material: keys do not belong in the config "
                                "file; put it in a 0600 file and name that with identity = FILE");
        }
        if (!set_field(*current, key, std::move(value))) {
            return bad_line(origin, number,
                            "unknown key '" + key +
                                "' (known: url, user, auth, cacert, token-file, password-file, "
                                "encrypt-to, recipients-file, identity, age-program)");
        }
    }
    return config;
}

core::Result<ProfileConfig> load_profiles(const std::filesystem::path& path, bool required)
{
    std::error_code ec;
    if (!required && !std::filesystem::exists(path, ec)) return ProfileConfig{};
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
        return core::fail(core::Errc::input,
                          "reading config file '" + path.string() + "': cannot read it",
                          "unreadable-config");
    }
    auto config = parse_profiles(text.str(), path.string());
    if (config) config->path = path;
    return config;
}

const Profile* find_profile(const ProfileConfig& config, std::string_view name)
{
    auto it = std::find_if(config.profiles.begin(), config.profiles.end(),
                           [&](const Profile& p) { return p.name == name; });
    return it == config.profiles.end() ? nullptr : &*it;
}

std::vector<std::string> permission_warnings(const ProfileConfig& config)
{
    std::vector<std::string> out;
    bool points_at_secret = false;
    for (const auto& p : config.profiles) {
        std::vector<const std::string*> files = {&p.token_file, &p.password_file};
        for (const auto& identity : p.identity)
            files.push_back(&identity);
        for (const auto* file : files) {
            if (file->empty()) continue;
            points_at_secret = true;
            if (shared_bits(*file) > 0) {
                out.push_back("profile '" + p.name + "': '" + *file +
                              "' holds a secret and others can read it; chmod 600 it");
            }
        }
    }
    if (points_at_secret && !config.path.empty() && shared_bits(config.path.string()) > 0) {
        out.push_back("config file '" + config.path.string() +
                      "' is readable by others and points at secret files; chmod 600 it");
    }
    return out;
}

}  // namespace ssosnap::cli
