#include "emulator/state.hpp"

#include "core/files.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"

#include <nlohmann/json.hpp>
#include <random>

namespace ssosnap::emulator
{
namespace
{

using nlohmann::json;

std::string random_hex(std::size_t bytes)
{
    std::random_device rd;
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        auto b = rd() & 0xFFU;
        out += k_hex[b >> 4];
        out += k_hex[b & 0xFU];
    }
    return out;
}

std::string password_hash(const std::string& salt, const std::string& password)
{
    return core::sha256_hex(salt + ":" + password);
}

bool live(const StoredToken& t, std::int64_t now)
{
    return !t.expires_millis || *t.expires_millis > now;
}

core::Unexpected malformed(const std::filesystem::path& file, const std::string& what)
{
    return core::fail(core::Errc::input,
                      "emulator state " + core::quote(file.string()) + " is malformed: " + what);
}

}  // namespace

std::string new_token_value()
{
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::random_device rd;
    std::string out(128, 'A');
    for (char& c : out)
        c = k_alphabet[rd() % 32];
    return out;
}

core::Result<State> State::open(const std::filesystem::path& file,
                                const std::vector<UserSpec>& users)
{
    State s;
    s.m_file = file;
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        auto text = core::read_file(file, 64 << 20);
        if (!text) return core::fail(text.error());
        json j = json::parse(*text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return malformed(file, "not a JSON object");
        try {
            s.m_next_id = j.value("nextTokenId", std::int64_t{1});
            // Named: a range-for over items() of a temporary would outlive the temporary.
            const json users_json = j.value("users", json::object());
            for (const auto& [name, u] : users_json.items())
                s.m_users[name] = {u.at("salt").get<std::string>(), u.at("hash").get<std::string>(),
                                   u.value("admin", false)};
            for (const auto& t : j.value("tokens", json::array())) {
                StoredToken st;
                st.id = t.at("id").get<std::int64_t>();
                st.name = t.at("name").get<std::string>();
                st.description = t.value("description", "");
                st.username = t.at("username").get<std::string>();
                st.created_millis = t.at("createdAtMillis").get<std::int64_t>();
                if (t.contains("expiresAtMillis") && !t["expiresAtMillis"].is_null())
                    st.expires_millis = t["expiresAtMillis"].get<std::int64_t>();
                st.hash = t.at("hash").get<std::string>();
                s.m_tokens.push_back(std::move(st));
            }
        } catch (const json::exception& e) {
            return malformed(file, e.what());
        }
    }
    for (const auto& u : users) {
        auto salt = random_hex(16);
        s.m_users[u.name] = {salt, password_hash(salt, u.password), u.admin};
    }
    if (s.m_users.empty()) {
        return core::fail(core::Errc::usage,
                          "the emulator has no users: give --users-file FILE (lines "
                          "NAME:PASSWORD[:admin]) or --user NAME:PASSWORD[:admin]");
    }
    SSOSNAP_TRY(s.save());
    return s;
}

core::Result<void> State::save() const
{
    json users = json::object();
    for (const auto& [name, u] : m_users)
        users[name] = {{"salt", u.salt}, {"hash", u.hash}, {"admin", u.admin}};
    json tokens = json::array();
    for (const auto& t : m_tokens) {
        tokens.push_back({{"id", t.id},
                          {"name", t.name},
                          {"description", t.description},
                          {"username", t.username},
                          {"createdAtMillis", t.created_millis},
                          {"expiresAtMillis", t.expires_millis ? json(*t.expires_millis) : json()},
                          {"hash", t.hash}});
    }
    json j = {{"nextTokenId", m_next_id}, {"users", users}, {"tokens", tokens}};
    return core::write_file_atomic(m_file, j.dump(2) + "\n", core::FileMode::secret);
}

std::optional<Caller> State::check_basic(const std::string& user, const std::string& secret,
                                         std::int64_t now_millis) const
{
    auto it = m_users.find(user);
    if (it == m_users.end()) return std::nullopt;
    if (password_hash(it->second.salt, secret) == it->second.hash)
        return Caller{user, it->second.admin, false};
    auto hash = core::sha256_hex(secret);
    for (const auto& t : m_tokens) {
        if (t.username == user && t.hash == hash && live(t, now_millis))
            return Caller{user, it->second.admin, true};
    }
    return std::nullopt;
}

std::optional<Caller> State::check_token(const std::string& token, std::int64_t now_millis) const
{
    auto hash = core::sha256_hex(token);
    for (const auto& t : m_tokens) {
        if (t.hash != hash || !live(t, now_millis)) continue;
        auto u = m_users.find(t.username);
        if (u == m_users.end()) return std::nullopt;
        return Caller{t.username, u->second.admin, true};
    }
    return std::nullopt;
}

core::Result<std::pair<StoredToken, std::string>>
State::create_token(const std::string& user, std::string name, std::string description,
                    std::int64_t created_millis, std::optional<std::int64_t> expires_millis)
{
    StoredToken t;
    t.id = m_next_id++;
    t.name = std::move(name);
    t.description = std::move(description);
    t.username = user;
    t.created_millis = created_millis;
    t.expires_millis = expires_millis;
    std::string value = new_token_value();
    t.hash = core::sha256_hex(value);
    m_tokens.push_back(t);
    SSOSNAP_TRY(save());
    return std::make_pair(std::move(t), std::move(value));
}

core::Result<bool> State::revoke_token(std::int64_t id, const Caller& caller)
{
    for (auto it = m_tokens.begin(); it != m_tokens.end(); ++it) {
        if (it->id != id) continue;
        if (!caller.admin && it->username != caller.user) return false;
        m_tokens.erase(it);
        SSOSNAP_TRY(save());
        return true;
    }
    return false;
}

}  // namespace ssosnap::emulator
