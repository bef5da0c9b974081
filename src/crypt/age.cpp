#include "crypt/age.hpp"

#include "core/large_buffer.hpp"
#include "core/sha256.hpp"
#include "core/strings.hpp"
#include "crypt/child.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ssosnap::crypt
{
namespace
{

namespace fs = std::filesystem;
using detail::Fd;

constexpr std::string_view k_binary_magic = "age-encryption.org/v1\n";
constexpr std::string_view k_armor_magic = "-----BEGIN AGE ENCRYPTED FILE-----";
constexpr std::size_t k_chunk = std::size_t{1} << 16;
constexpr std::size_t k_drain_chunk = std::size_t{1} << 20;

std::string read_head(const fs::path& path, std::size_t n)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return {};
    std::string head(n, '\0');
    std::size_t have = 0;
    while (have < n) {
        const ssize_t got = ::read(fd.get(), head.data() + have, n - have);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        have += static_cast<std::size_t>(got);
    }
    head.resize(have);
    return head;
}

bool is_executable_file(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// The first "age: error: …" line, or the first line: escaped, bounded, the "report this
// error" boilerplate left out.
std::string first_error_line(std::string_view text)
{
    std::string_view first;
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.find("report unexpected") != std::string_view::npos) continue;
        if (core::trim(line).empty()) continue;
        if (first.empty()) first = line;
        if (line.find("error:") != std::string_view::npos) {
            first = line;
            break;
        }
    }
    if (first.starts_with("age: ")) first.remove_prefix(5);
    if (first.starts_with("error: ")) first.remove_prefix(7);
    if (first.size() > 300) first = first.substr(0, 300);
    return core::escape_controls(first);
}

bool contains(std::string_view hay, std::string_view needle)
{
    return hay.find(needle) != std::string_view::npos;
}

std::vector<std::string> encrypt_args(const AgeOptions& o)
{
    std::vector<std::string> args{"--encrypt"};
    for (const auto& r : o.recipients) {
        args.emplace_back("-r");
        args.push_back(r);
    }
    for (const auto& f : o.recipient_files) {
        args.emplace_back("-R");
        args.push_back(f.string());
    }
    return args;
}

// Writes all of `data` to a socket without raising SIGPIPE when age has gone away.
// Sends `data` to `fd`, hashing each piece into `hash` just before it goes: the digest is
// made while age works on the other core.
bool send_all(int fd, std::string_view data, core::Sha256& hash)
{
    while (!data.empty()) {
        const std::string_view piece = data.substr(0, k_chunk);
        hash.update(piece);
        std::size_t sent = 0;
        while (sent < piece.size()) {
            const ssize_t n = ::send(fd, piece.data() + sent, piece.size() - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        data.remove_prefix(piece.size());
    }
    return true;
}

// Reads `fd` to its end, handing each chunk to `sink` until it says stop (then drains, so
// the writer never blocks on a full pipe).
template <typename Sink> bool drain(int fd, Sink&& sink)
{
    // Large reads from a large pipe (see widen_pipe): a 200 MiB plaintext in ~200 reads of
    // 1 MiB rather than ~3,200 of 64 KiB.
    std::vector<char> buf(k_drain_chunk);
    bool keep = true;
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (keep) keep = sink(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    }
}

struct Pipe {
    Fd read;
    Fd write;
};

core::Result<Pipe> make_pipe()
{
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        return core::fail(core::Errc::internal,
                          std::string("cannot create a pipe: ") + std::strerror(errno),
                          "spawn-failed");
    }
    // Best effort: a 1 MiB pipe lets age write (and this process read) in large pieces; the
    // default 64 KiB is kept when the system allows no more.
    (void)::fcntl(fds[0], F_SETPIPE_SZ, static_cast<int>(k_drain_chunk));
    return Pipe{Fd(fds[0]), Fd(fds[1])};
}

// A stream socket for age's stdin: send(MSG_NOSIGNAL) reports a vanished reader as an error
// instead of a SIGPIPE that would end this process.
core::Result<Pipe> make_socket_pipe()
{
    std::array<int, 2> fds{};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.data()) != 0) {
        return core::fail(core::Errc::internal,
                          std::string("cannot create a socket pair: ") + std::strerror(errno),
                          "spawn-failed");
    }
    ::shutdown(fds[0], SHUT_WR);
    ::shutdown(fds[1], SHUT_RD);
    return Pipe{Fd(fds[0]), Fd(fds[1])};
}

core::Result<fs::path> resolve(const AgeOptions& options)
{
    const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): read only
    return find_program(options.program, path ? std::optional<std::string>(path) : std::nullopt);
}

}  // namespace

bool encrypts(const AgeOptions& options)
{
    return !options.recipients.empty() || !options.recipient_files.empty();
}

bool is_age_header(std::string_view head)
{
    return head.starts_with(k_binary_magic) || head.starts_with(k_armor_magic);
}

bool is_age_file(const fs::path& path)
{
    return is_age_header(read_head(path, k_armor_magic.size()));
}

bool is_passphrase_file(const fs::path& path)
{
    const auto head = read_head(path, 4096);
    return head.starts_with(k_binary_magic) && contains(head, "\n-> scrypt ");
}

core::Result<fs::path> find_program(const std::string& program,
                                    const std::optional<std::string>& path_env)
{
    const std::string name = program.empty() ? "age" : program;
    if (name.find('/') != std::string::npos) {
        if (is_executable_file(name)) return fs::path(name);
    } else if (path_env) {
        std::string_view rest = *path_env;
        while (true) {
            auto colon = rest.find(':');
            auto dir = rest.substr(0, colon);
            auto candidate = fs::path(dir.empty() ? "." : std::string(dir)) / name;
            if (is_executable_file(candidate)) return candidate;
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    return core::fail(core::Errc::input,
                      "the age program " + core::quote(name) +
                          " was not found: install the Debian package 'age' (apt-get install "
                          "age), or name the program with --age-program",
                      "age-missing");
}

core::Error classify_failure(std::string_view age_stderr, int status)
{
    const std::string line = first_error_line(age_stderr);
    const std::string said = line.empty() ? "exit status " + std::to_string(status) : line;
    auto err = [&said](core::Errc code, const char* id, std::string_view what) {
        return core::Error{code, std::string(what) + " (age: " + said + ")", id};
    };
    if (contains(line, "no identity matched"))
        return err(core::Errc::input, "age-wrong-identity",
                   "none of the --identity keys can decrypt this file");
    if (contains(line, "passphrase"))
        return err(core::Errc::input, "age-passphrase-no-terminal",
                   "the file is passphrase-encrypted and there is no terminal to ask on; run "
                   "interactively, or re-encrypt it to a recipient key");
    if (contains(line, "recipient"))
        return err(core::Errc::usage, "age-bad-recipient",
                   "a recipient is not an age or SSH public key");
    // age names an identity file it cannot open or parse as `reading "FILE": ...`.
    if (line.starts_with("reading ") || contains(line, "identit") || contains(line, "private key"))
        return err(core::Errc::input, "age-bad-identity", "an --identity file cannot be used");
    if (contains(line, "decrypt") || contains(line, "header") || contains(line, "EOF") ||
        contains(line, "armor") || contains(line, "MAC") || contains(line, "truncated"))
        return err(core::Errc::input, "age-corrupt", "the encrypted file is truncated or altered");
    return err(core::Errc::input, "age-failed", "age failed");
}

// age's input and output, the thread that feeds the input from what write() queued and the
// thread that drains the output into the file. Destroyed unfinished (an error, or a download
// that failed its check), it stops age first.
struct AgeWriter::Impl {
    std::optional<core::AtomicFile> file;
    std::optional<detail::StderrCapture> err;
    Fd in;   // age's stdin, this side
    Fd out;  // age's stdout, this side
    pid_t pid = -1;
    std::thread reader;
    core::Sha256 hash;        // of the ciphertext, on the reader thread
    core::Sha256 plain_hash;  // of the plaintext, as it is sent (on the feeder thread)
    Encrypted result;         // bytes: written by the reader thread
    core::Result<void> written;

    // The feeder: write() copies the caller's bytes into blocks and returns; the feeder sends
    // them. Without it (Feeding::direct, or no thread could be started) write() sends them itself.
    static constexpr std::size_t k_spare_blocks = 4;  // sent blocks kept for reuse
    std::thread feeder;
    std::mutex feed_mutex;
    std::condition_variable feed_changed;  // the queue, feed_closing or feed_failed changed
    std::deque<std::string> feed_queue;    // blocks not yet sent, in order
    std::vector<std::string> feed_spare;   // sent blocks, emptied, for reuse
    std::size_t feed_queued = 0;           // bytes in feed_queue
    bool feed_closing = false;             // no more blocks: send what is queued, then end
    bool feed_failed = false;              // age stopped reading: the rest is dropped

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    Impl(Impl&&) = delete;
    Impl& operator=(Impl&&) = delete;
    ~Impl()
    {
        {
            std::lock_guard lock(feed_mutex);  // unfinished: what is queued is not sent
            feed_queue.clear();
            feed_queued = 0;
        }
        if (pid > 0) ::kill(pid, SIGTERM);  // unfinished: the output is not wanted
        static_cast<void>(wait());
        // `file`, uncommitted, removes the temporary.
    }

    // Sends what is queued, ends age's input, joins the reader and reaps age: its exit status
    // (0 once reaped).
    int wait() noexcept
    {
        {
            std::lock_guard lock(feed_mutex);
            feed_closing = true;
        }
        feed_changed.notify_all();
        if (feeder.joinable()) feeder.join();
        in.reset();
        if (reader.joinable()) reader.join();
        if (pid <= 0) return 0;
        const int status = detail::wait_child(pid);
        pid = -1;
        return status;
    }

    void start_feeder()
    {
        try {
            feed_spare.reserve(k_spare_blocks);  // feed() then never allocates
            feeder = std::thread([this] { feed(); });
        } catch (const std::exception&) {
            // no thread (resource limits) or no memory: write() sends the bytes itself
        }
    }

    void feed()
    {
        std::unique_lock lock(feed_mutex);
        for (;;) {
            feed_changed.wait(lock, [this] { return !feed_queue.empty() || feed_closing; });
            if (feed_queue.empty()) return;  // closing, and everything is sent
            std::string block = std::move(feed_queue.front());
            feed_queue.pop_front();
            lock.unlock();
            const bool sent = send_all(in.get(), block, plain_hash);
            lock.lock();
            feed_queued -= block.size();
            if (!sent) {
                feed_failed = true;
                feed_queue.clear();
                feed_queued = 0;
                feed_changed.notify_all();
                return;
            }
            block.clear();
            if (feed_spare.size() < k_spare_blocks) feed_spare.push_back(std::move(block));
            feed_changed.notify_all();
        }
    }

    // Queues a copy of `plaintext` for the feeder, waiting while k_queue_bound bytes are
    // queued. False once age has stopped reading.
    bool enqueue(std::string_view plaintext)
    {
        while (!plaintext.empty()) {
            const std::string_view piece = plaintext.substr(0, k_drain_chunk);
            std::string block;
            {
                std::unique_lock lock(feed_mutex);
                feed_changed.wait(
                    lock, [this] { return feed_failed || feed_queued < AgeWriter::k_queue_bound; });
                if (feed_failed) return false;
                if (!feed_spare.empty()) {
                    block = std::move(feed_spare.back());
                    feed_spare.pop_back();
                }
            }
            block.assign(piece);  // outside the lock: the feeder goes on sending
            {
                std::lock_guard lock(feed_mutex);
                if (feed_failed) return false;
                feed_queued += block.size();
                feed_queue.push_back(std::move(block));
            }
            feed_changed.notify_all();
            plaintext.remove_prefix(piece.size());
        }
        return true;
    }

    void start_reader()
    {
        // age's output is drained on a thread while the caller feeds its input: with both on
        // one thread, a full pipe on either side would stop both.
        reader = std::thread([this] {
            drain(out.get(), [this](std::string_view chunk) {
                hash.update(chunk);
                result.bytes += chunk.size();
                written = file->write(chunk);
                return written.has_value();
            });
        });
    }
};

AgeWriter::AgeWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AgeWriter::AgeWriter(AgeWriter&& other) noexcept = default;
AgeWriter& AgeWriter::operator=(AgeWriter&& other) noexcept = default;
AgeWriter::~AgeWriter() = default;

core::Result<AgeWriter> AgeWriter::start(const AgeOptions& options, const fs::path& to,
                                         core::Overwrite overwrite, Feeding feeding)
{
    if (!encrypts(options))
        return core::fail(core::Errc::usage, "no recipient to encrypt to", "age-bad-recipient");
    auto program = resolve(options);
    if (!program) return core::fail(program.error());
    auto impl = std::make_unique<Impl>();
    auto file = core::AtomicFile::create(to, core::FileMode::secret, overwrite);
    if (!file) return core::fail(file.error());
    impl->file.emplace(std::move(*file));
    auto in = make_socket_pipe();
    if (!in) return core::fail(in.error());
    auto out = make_pipe();
    if (!out) return core::fail(out.error());
    auto err = detail::StderrCapture::create();
    if (!err) return core::fail(err.error());
    impl->err.emplace(std::move(*err));
    auto pid = detail::spawn(*program, encrypt_args(options),
                             {in->read.get(), out->write.get(), impl->err->fd()});
    if (!pid) return core::fail(pid.error());
    impl->pid = *pid;
    impl->in = std::move(in->write);
    impl->out = std::move(out->read);
    in->read.reset();
    out->write.reset();  // the reader sees the end when age closes its copy
    impl->start_reader();
    if (feeding == Feeding::queued) impl->start_feeder();
    return AgeWriter(std::move(impl));
}

core::Result<void> AgeWriter::write(std::string_view plaintext)
{
    Impl& s = *m_impl;
    if (s.in.get() < 0)
        return core::fail(core::Errc::internal, "age's input is closed", "age-failed");
    const bool taken =
        s.feeder.joinable() ? s.enqueue(plaintext) : send_all(s.in.get(), plaintext, s.plain_hash);
    if (taken) return {};
    // age stopped reading: what it said is the error.
    const int status = s.wait();
    if (status != 0) return core::fail(classify_failure(s.err->text(), status));
    return core::fail(core::Errc::input, "age stopped reading its input", "age-failed");
}

core::Result<Encrypted> AgeWriter::finish()
{
    Impl& s = *m_impl;
    if (s.in.get() < 0 && s.pid <= 0)
        return core::fail(core::Errc::internal, "age has already finished", "age-failed");
    const int status = s.wait();
    if (status != 0) return core::fail(classify_failure(s.err->text(), status));
    if (!s.written) return core::fail(s.written.error());
    if (s.result.bytes == 0)
        return core::fail(core::Errc::input, "age wrote nothing", "age-failed");
    SSOSNAP_TRY(s.file->commit());
    s.result.sha256 = s.hash.hex_digest();
    s.result.plain_sha256 = s.plain_hash.hex_digest();
    return std::move(s.result);
}

core::Result<Encrypted> encrypt_to_file(const AgeOptions& options, std::string_view plaintext,
                                        const fs::path& to, core::Overwrite overwrite)
{
    // The plaintext is all here: sent from where it is, no copy for a feeder thread.
    auto writer = AgeWriter::start(options, to, overwrite, AgeWriter::Feeding::direct);
    if (!writer) return core::fail(writer.error());
    SSOSNAP_TRY(writer->write(plaintext));  // when age stops reading: what it said
    return writer->finish();
}

core::Result<Decrypted> decrypt_file(const AgeOptions& options, const fs::path& from,
                                     std::uint64_t max_bytes)
{
    Fd source(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (source.get() < 0) {
        return core::fail(core::Errc::input,
                          "cannot open " + core::quote(from.string()) + ": " +
                              std::strerror(errno),  // NOLINT(concurrency-mt-unsafe)
                          "unreadable");
    }
    if (options.identities.empty() && !is_passphrase_file(from)) {
        return core::fail(core::Errc::input,
                          core::quote(from.string()) +
                              " is encrypted with age: pass --identity FILE (or set "
                              "SSOSNAP_AGE_IDENTITY) to read it",
                          "age-no-identity");
    }
    auto program = resolve(options);
    if (!program) return core::fail(program.error());
    auto out = make_pipe();
    if (!out) return core::fail(out.error());
    auto err = detail::StderrCapture::create();
    if (!err) return core::fail(err.error());
    std::vector<std::string> args{"--decrypt"};
    for (const auto& id : options.identities) {
        args.emplace_back("-i");
        args.push_back(id.string());
    }
    auto pid = detail::spawn(*program, args, {source.get(), out->write.get(), err->fd()});
    if (!pid) return core::fail(pid.error());
    source.reset();
    out->write.reset();

    std::string plain;
    // The plaintext is a little smaller than the age file: room for it up front, so the
    // string never moves 200 MiB while growing.
    std::error_code ec;
    const auto stored = fs::file_size(from, ec);
    if (!ec) core::reserve_large(plain, std::min<std::uint64_t>(stored, max_bytes));
    core::Sha256 hash;  // while age decrypts the next piece on the other core
    bool too_large = false;
    const bool read_ok = drain(out->read.get(), [&](std::string_view chunk) {
        if (chunk.size() > max_bytes - plain.size()) {
            too_large = true;
            ::kill(*pid, SIGTERM);  // stop decrypting what will not be used
            return false;
        }
        hash.update(chunk);
        plain.append(chunk);
        return true;
    });
    const int status = detail::wait_child(*pid);
    if (too_large) {
        plain.assign(plain.size(), '\0');
        return core::fail(core::Errc::input,
                          core::quote(from.string()) + " decrypts to more than the limit of " +
                              std::to_string(max_bytes) + " bytes (--max-total-size)",
                          "age-too-large");
    }
    if (status != 0) {
        plain.assign(plain.size(), '\0');  // a partial plaintext is not kept around
        return core::fail(classify_failure(err->text(), status));
    }
    if (!read_ok)
        return core::fail(core::Errc::internal, "reading age's output failed", "age-failed");
    return Decrypted{std::move(plain), hash.hex_digest()};
}

}  // namespace ssosnap::crypt
