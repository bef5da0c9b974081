#pragma once
// Generated from the CLI11 definitions themselves, so it cannot drift from --help: shell
// completion candidates and the completion scripts (the man page: man_page.hpp).

#include <functional>
#include <string>
#include <vector>

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

/// Returns completion candidates for the command line `words` (the words after "ssosnap";
/// the last one is the word being completed, possibly empty): subcommands, options, and for
/// positional arguments the snapshot archives (*.zip) and folders below the current folder.
/// For the ID of `remote download|restore|delete`, `remote_ids` (when set) gives the server's
/// snapshot ids instead.
using RemoteIds = std::function<std::vector<std::string>()>;
std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words,
                                  const RemoteIds& remote_ids = {});

/// Returns the completion script for `shell` ("bash" or "zsh"); empty if unknown.
/// With `remote`, the script asks ssosnap for remote snapshot ids (needs SSOSNAP_URL).
std::string completion_script(const std::string& shell, bool remote);

}  // namespace ssosnap::cli
