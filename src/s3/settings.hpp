#pragma once
// Where S3 requests go and how they are signed, resolved the way AWS tools resolve them:
// flags, then AWS_* environment variables, then the shared files (~/.aws/credentials and
// ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE) of AWS_PROFILE ("default").
// The secret access key and the session token are never printed.

#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssosnap::s3
{

struct Settings {
    std::string endpoint;  ///< "https://s3.us-east-1.amazonaws.com", or AWS_ENDPOINT_URL
    std::string region = "us-east-1";
    std::string access_key;
    std::string secret_key;     ///< never printed
    std::string session_token;  ///< never printed; sent as x-amz-security-token
    /// http://ENDPOINT/BUCKET/KEY instead of http://BUCKET.ENDPOINT/KEY: automatic when the
    /// endpoint's host is an IP address or "localhost", else a setting.
    bool path_style = false;
    std::filesystem::path ca_file;  ///< --cacert
    bool insecure = false;          ///< --insecure
    std::string profile;            ///< the AWS profile the values came from (for messages)
};

/// What the command line says; each set value wins over the environment and the files.
struct Overrides {
    std::optional<std::string> endpoint;  ///< --endpoint-url
    std::optional<std::string> region;    ///< --region
    std::optional<std::string> profile;   ///< --aws-profile
    bool path_style = false;              ///< --path-style
    std::filesystem::path ca_file;
    bool insecure = false;
};

/// Reads an environment variable (nullopt when unset or empty); a seam for tests.
using GetEnv = std::function<std::optional<std::string>(const char* name)>;

/// The process environment.
std::optional<std::string> process_env(const char* name);

/// Resolves the settings. Credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (and
/// AWS_SESSION_TOKEN) unless --aws-profile names a profile, else the profile's
/// aws_access_key_id / aws_secret_access_key / aws_session_token in the credentials file (or
/// the config file). Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
/// `region`, "us-east-1". Endpoint: --endpoint-url, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the
/// profile's `endpoint_url`, else AWS's regional endpoint. Path style: --path-style,
/// SSOSNAP_S3_PATH_STYLE=1, the profile's `s3 = addressing_style = path`, or an IP/localhost
/// endpoint. Fails with Errc::usage: "s3-no-credentials" (naming what was looked at, never a
/// value), "s3-endpoint" (not http:// or https://), "aws-config" (an unreadable file).
core::Result<Settings> resolve_settings(const Overrides& overrides,
                                        const GetEnv& env = process_env);

/// One section of an AWS shared file: key → value (keys lower-case; the nested "s3 ="
/// block's keys as "s3.addressing_style").
using IniSection = std::vector<std::pair<std::string, std::string>>;

/// Reads section `name` of the INI text `text` ("default", "profile NAME", ...); nullopt when
/// absent. Comments (#, ;) and blank lines are skipped.
std::optional<IniSection> ini_section(std::string_view text, std::string_view name);

}  // namespace ssosnap::s3
