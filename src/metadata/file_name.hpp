#pragma once
// The snapshot file-name grammar: sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip, the time being the
// server's local wall-clock time (not UTC).

#include <optional>
#include <string>
#include <string_view>

namespace ssosnap::metadata
{

/// A wall-clock time without a zone, as written in a snapshot file name.
struct NameTime {
    int year = 1970;
    int month = 1;   ///< 1..12
    int day = 1;     ///< 1..31, valid for the month
    int hour = 0;    ///< 0..23
    int minute = 0;  ///< 0..59
    int second = 0;  ///< 0..59
    friend bool operator==(const NameTime&, const NameTime&) = default;
};

/// Parses "sso-snapshot-YYYY-MM-DD-HH_MM_SS" with or without ".zip" (a leading folder is
/// ignored). Returns nullopt when the name does not follow the grammar or names an
/// impossible date or time.
std::optional<NameTime> parse_snapshot_name(std::string_view name);

/// Returns true when `id` is exactly "sso-snapshot-YYYY-MM-DD-HH_MM_SS" (a possible date and
/// time, no folder, no ".zip", nothing else): the only ids safe to turn into a file name.
bool is_snapshot_id(std::string_view id);

/// Returns the id "sso-snapshot-YYYY-MM-DD-HH_MM_SS" for `t`.
std::string snapshot_id(const NameTime& t);

/// Returns the file name: snapshot_id(t) + ".zip".
std::string snapshot_file_name(const NameTime& t);

/// Returns "YYYY-MM-DDTHH:MM:SS" (no zone) for `t`.
std::string to_iso_local(const NameTime& t);

}  // namespace ssosnap::metadata
