#include "cli/archive_options.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace ssosnap::cli
{

void add_limit_flags(CLI::App& command, archive::Limits& limits)
{
    const std::string group = "Archive limits";
    command
        .add_option("--max-entries", limits.max_entries,
                    "Refuse archives with more entries than this")
        ->default_val(limits.max_entries)
        ->check(CLI::PositiveNumber)
        ->group(group);
    command
        .add_option("--max-total-size", limits.max_total_size,
                    "Refuse archives whose entries inflate to more bytes than this in total "
                    "(suffixes K, M, G)")
        ->transform(CLI::AsSizeValue(false))
        ->default_str("4G")
        ->group(group);
    command
        .add_option("--max-ratio", limits.max_ratio,
                    "Refuse entries above 1 MiB that inflate more than this many times their "
                    "stored size (zip bombs)")
        ->default_val(limits.max_ratio)
        ->check(CLI::PositiveNumber)
        ->group(group);
}

}  // namespace ssosnap::cli
