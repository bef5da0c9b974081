#pragma once
// Entry points of the command-line interface. run() is what tests call in-process.

#include <iosfwd>
#include <string>
#include <vector>

namespace ssosnap::cli
{

/// Runs ssosnap with `args` (without the program name) on the given streams and returns the
/// process exit status (docs/cli.md, EXIT STATUS). Never throws.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

/// Which of the streams handed to run() are terminals (colour, progress, prompts depend on it).
struct Terminals {
    bool in = false;
    bool out = false;
    bool err = false;
};

/// run() with the terminal flags given rather than asked of isatty(): lets in-process tests
/// exercise what a terminal changes (colour, NO_COLOR). Never throws.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, Terminals terminals);

/// Makes the process non-dumpable (prctl PR_SET_DUMPABLE 0: no core file, no ptrace by
/// other processes of the user, /proc/PID files owned by root) and sets RLIMIT_CORE to 0, so
/// a crash cannot write the credentials to disk. main() calls it first.
void harden_process();

/// main(): harden_process(), then run() on the process's streams.
int main(int argc, char** argv);

}  // namespace ssosnap::cli
