#pragma once
// The one man-page generator: turns a CLI11 command tree into roff, so a page is made from the
// same option definitions as --help and cannot drift from them. ssosnap(1) and
// ksso-emulator(1) are both made by it (each binary's hidden `__man`). A small library of its
// own (CLI11 only), so the emulator's binary can link it without the whole CLI.

#include <string>
#include <utility>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

/// What a page says besides the options and commands, which come from the App.
struct ManPageInfo {
    std::string name;         ///< "ssosnap"
    std::string version;      ///< "0.1.0"
    std::string summary;      ///< the NAME line after "name \-"
    std::string synopsis;     ///< roff of the SYNOPSIS section body
    std::string description;  ///< roff appended to the App's description (may be empty)
    std::vector<std::pair<std::string, std::string>> exit_status;  ///< status, meaning
    std::vector<std::pair<std::string, std::string>> environment;  ///< extra NAME, meaning
    std::string see_also;                                          ///< "ksso-emulator" (section 1)
};

/// Returns the roff source of the page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (the App's own),
/// COMMANDS (every visible subcommand with its options, when there are any), ENVIRONMENT (the
/// variables options read, plus `info.environment`), EXIT STATUS, SEE ALSO. Type names of
/// options are shown as CLI11 gives them (TEXT, INT, ...), never its internal ones.
std::string man_page(const CLI::App& app, const ManPageInfo& info);

}  // namespace ssosnap::cli
