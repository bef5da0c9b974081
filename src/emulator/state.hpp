#pragma once
// The emulator's own database: users (passwords salted and hashed) and API tokens (only
// their SHA-256 is kept, as a real server would). Persisted as JSON in the data folder
// (ksso-emulator-state.json, mode 0600) after every change, so a restarted emulator keeps
// its tokens. Not thread-safe: the server serialises access.

#include "core/result.hpp"
#include "emulator/options.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ssosnap::emulator
{

/// Who is calling, once authenticated.
struct Caller {
    std::string user;
    bool admin = false;
    bool with_token = false;  ///< authenticated by an API token, not a password
};

struct StoredToken {
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::string username;
    std::int64_t created_millis = 0;             // epoch ms, UTC
    std::optional<std::int64_t> expires_millis;  // epoch ms, UTC; nullopt: never
    std::string hash;                            ///< hex SHA-256 of the token value
};

class State
{
public:
    /// The state file name inside the data folder.
    static constexpr const char* k_file_name = "ksso-emulator-state.json";

    /// Loads `file` (a missing file is an empty state), adds or updates `users`, saves.
    /// Fails with Errc::input on an unreadable or malformed file, Errc::usage when no user
    /// exists at all.
    static core::Result<State> open(const std::filesystem::path& file,
                                    const std::vector<UserSpec>& users);

    /// Basic authentication: `secret` is the user's password or one of their live tokens.
    std::optional<Caller> check_basic(const std::string& user, const std::string& secret,
                                      std::int64_t now_millis) const;
    /// Token-only authentication (ksso-token, Bearer): a live token names its user.
    std::optional<Caller> check_token(const std::string& token, std::int64_t now_millis) const;

    /// Creates a token for `user` and saves. The value (128 characters of A–Z and 2–7) is
    /// returned once and never stored.
    core::Result<std::pair<StoredToken, std::string>>
    create_token(const std::string& user, std::string name, std::string description,
                 std::int64_t created_millis, std::optional<std::int64_t> expires_millis);

    /// Every token, oldest first.
    const std::vector<StoredToken>& tokens() const { return m_tokens; }

    /// Removes token `id` if `caller` may (its owner, or an administrator) and saves.
    /// Returns false when there is no such token visible to the caller.
    core::Result<bool> revoke_token(std::int64_t id, const Caller& caller);

private:
    struct StoredUser {
        std::string salt;
        std::string hash;
        bool admin = false;
    };
    core::Result<void> save() const;
    std::filesystem::path m_file;
    std::map<std::string, StoredUser> m_users;
    std::vector<StoredToken> m_tokens;
    std::int64_t m_next_id = 1;
};

/// Returns a fresh 128-character token value (A–Z, 2–7) from the system's random source.
std::string new_token_value();

}  // namespace ssosnap::emulator
