#pragma once
// What every command gets: its streams, the environment, and the result it reports.

#include "core/finding.hpp"
#include "core/result.hpp"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace ssosnap::cli
{

/// Reads an environment variable; tests inject their own.
using EnvReader = std::function<std::optional<std::string>(const std::string& name)>;

struct Context {
    std::istream& in;
    std::ostream& out;  ///< results only
    std::ostream& err;  ///< progress, warnings, errors
    EnvReader env{};
    bool out_is_terminal = false;
    bool err_is_terminal = false;
    bool in_is_terminal = false;
    /// A progress bar's line is open on `err` (no newline yet): end_progress_line() ends it
    /// before any other message, so nothing is glued to the bar.
    bool err_mid_line = false;
    bool json = false;      ///< set by each command's --json flag
    std::string command{};  ///< "inspect", "remote list", ... (for the JSON envelope)
    int status = 0;         ///< exit status the command decided
};

}  // namespace ssosnap::cli
