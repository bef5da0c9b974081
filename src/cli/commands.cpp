#include "cli/commands.hpp"

#include <algorithm>
#include <string>

namespace ssosnap::cli
{

const std::vector<CommandSpec>& command_table()
{
    static const std::vector<CommandSpec> k_table = {
        {"inspect", "Show an archive's metadata and entries (reads only the directory)",
         add_inspect},
        {"verify", "Check archives completely: CRCs, lint, .sha256 sidecar", add_verify},
        {"validate", "Can this snapshot go onto that server? Version and product gates",
         add_validate},
        {"ls", "List the snapshot archives in a folder, oldest first", add_ls},
        {"diff", "Show what changed between two snapshots, secrets redacted", add_diff},
        {"log", "Show a backup folder's history: each snapshot's changes since the one before",
         add_log},
        {"textconv", "Print a canonical, redacted text form of an archive (for git diff)",
         add_textconv},
        {"extract", "Unpack an archive safely into a new folder", add_extract},
        {"create", "Build a snapshot archive from a folder of config files", add_create},
        {"rebase", "Rewrite an archive for another base URL", add_rebase},
        {"backup", "Take a snapshot on a server, download it and verify it", add_backup},
        {"restore", "Restore an archive onto a server, safely", add_restore},
        {"watch", "Compare the live configuration with a baseline; classify, notify, metrics",
         add_watch},
        {"prune", "Remove old archives from a backup folder by retention rules", add_prune},
        {"copy", "Copy archives with their sidecars between a folder and an S3 bucket", add_copy},
        {"remote", "Talk to a server's snapshot REST API: ping, list, create, ...", add_remote},
        {"tokens", "List, create and revoke Kantega API tokens", add_tokens},
        {"version-cmp", "Compare two Maven-style versions: prints <, = or >", add_version_cmp},
        {"completion", "Print the bash or zsh completion script", add_completion},
    };
    return k_table;
}

namespace
{
std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string_view suggest_command(std::string_view typo)
{
    std::vector<std::string_view> names;
    for (const auto& c : command_table())
        names.emplace_back(c.name);
    return closest_name(typo, names);
}

std::string_view closest_name(std::string_view typo, const std::vector<std::string_view>& names)
{
    std::string_view best;
    std::size_t best_d = 3;
    for (auto name : names) {
        auto d = edit_distance(typo, name);
        if (d < best_d) {
            best_d = d;
            best = name;
        }
    }
    return best;
}

}  // namespace ssosnap::cli
