#pragma once
// Running a helper program (watch --notify-command) without a shell: argv is split on
// spaces and tabs only (no quotes, no variables, no globbing), the program is found on PATH,
// gets `input` on its standard input, and is killed when it runs longer than a bound.

#include "core/result.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::core
{

/// Splits a command line on runs of spaces and tabs. No quoting: a word is what lies between.
std::vector<std::string> split_command(std::string_view command);

/// Runs argv[0] (searched on PATH) with `input` on stdin and stdout/stderr inherited; waits at
/// most `timeout`, then kills it. Returns its exit status (128 + signal when killed by one).
/// Fails with Errc::usage on an empty argv, Errc::input when it cannot be started or timed out.
Result<int> run_with_input(const std::vector<std::string>& argv, std::string_view input,
                           std::chrono::milliseconds timeout);

}  // namespace ssosnap::core
