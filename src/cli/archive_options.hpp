#pragma once
// The archive limit flags every command that reads archives shares:
// --max-entries, --max-total-size, --max-ratio (defaults from archive::Limits).

#include "archive/limits.hpp"

namespace CLI
{
class App;
}

namespace ssosnap::cli
{

/// Adds --max-entries N, --max-total-size BYTES (suffixes K, M, G: powers of 1024) and
/// --max-ratio N to `command`, writing into `limits` (which must outlive parsing).
void add_limit_flags(CLI::App& command, archive::Limits& limits);

}  // namespace ssosnap::cli
