#include "core/subprocess.hpp"

#include "core/strings.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX name

namespace ssosnap::core
{
namespace
{

// Writes all of `input` to `fd`, then closes it. A reader that exits early (EPIPE) ends the
// write: the program decided it had enough. SIGPIPE is ignored around the write.
void feed(int fd, std::string_view input)
{
    struct sigaction ignore {
    };
    struct sigaction old {
    };
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    while (!input.empty()) {
        const auto n = ::write(fd, input.data(), input.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        input.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
    ::sigaction(SIGPIPE, &old, nullptr);
}

int status_of(int wstatus)
{
    if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
    return 70;
}

}  // namespace

std::vector<std::string> split_command(std::string_view command)
{
    std::vector<std::string> words;
    std::string word;
    for (char c : command) {
        if (c == ' ' || c == '\t') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

Result<int> run_with_input(const std::vector<std::string>& argv, std::string_view input,
                           std::chrono::milliseconds timeout)
{
    if (argv.empty()) return fail(Errc::usage, "empty command", "usage");
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        return fail(Errc::input, std::string("pipe: ") + std::strerror(errno), "spawn");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));  // NOLINT: posix_spawn's signature
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[0]);
    if (rc != 0) {
        ::close(pipe_fds[1]);
        return fail(Errc::input, "cannot run " + quote(argv[0]) + ": " + std::strerror(rc),
                    "spawn");
    }
    feed(pipe_fds[1], input);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int wstatus = 0;
        const pid_t done = ::waitpid(pid, &wstatus, WNOHANG);
        if (done == pid) return status_of(wstatus);
        if (done < 0 && errno != EINTR)
            return fail(Errc::input, std::string("waitpid: ") + std::strerror(errno), "spawn");
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &wstatus, 0);
            return fail(Errc::input,
                        quote(argv[0]) + " ran longer than " +
                            std::to_string(timeout.count() / 1000) + " s and was killed",
                        "timeout");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace ssosnap::core
