#include "core/interrupt.hpp"

#include "core/files.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ssosnap::core
{
namespace
{

constexpr int k_slots = 64;
constexpr std::size_t k_path_max = 4096;

// One registered path. state: 0 free, 1 being filled or emptied, 2 registered.
struct Slot {
    std::atomic<int> state{0};
    TempKind kind = TempKind::file;
    char path[k_path_max] = {};
};

Slot g_slots[k_slots];

// The layout getdents64(2) fills (glibc 2.36 has no wrapper in the headers this builds with).
struct LinuxDirent64 {
    std::uint64_t d_ino;
    std::int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
};

// Removes `name` below `dir` with everything in it, system calls only (signal handler).
// Depth-bounded: the folders registered here are shallow.
void remove_tree_at(int dir, const char* name, int depth)
{
    if (::unlinkat(dir, name, 0) == 0 || (errno != EISDIR && errno != EPERM)) return;
    if (depth > 16) return;
    const int fd = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    alignas(8) char buf[4096];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
            const auto* d = reinterpret_cast<const LinuxDirent64*>(buf + off);
            off += d->d_reclen;
            if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
            remove_tree_at(fd, d->d_name, depth + 1);
        }
    }
    ::close(fd);
    ::unlinkat(dir, name, AT_REMOVEDIR);
}

extern "C" void on_interrupt(int sig)
{
    for (auto& slot : g_slots) {
        if (slot.state.load(std::memory_order_acquire) != 2) continue;
        if (slot.kind == TempKind::file)
            ::unlink(slot.path);
        else
            remove_tree_at(AT_FDCWD, slot.path, 0);
    }
    static constexpr char k_note[] = "ssosnap: error: interrupted: temporary files removed\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, k_note, sizeof k_note - 1);
    ::_exit(128 + sig);
}

}  // namespace

void remove_temporaries_on_signal()
{
    struct sigaction action {
    };
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    // Block the other one while a handler runs: one cleanup, one exit status.
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

InterruptCleanup::InterruptCleanup(const std::filesystem::path& path, TempKind kind)
{
    // Absolute, so the handler does not depend on the working folder at the time.
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec);
    const std::string& text = ec ? path.native() : absolute.native();
    if (text.size() >= k_path_max) return;
    for (int i = 0; i < k_slots; ++i) {
        int expected = 0;
        if (!g_slots[i].state.compare_exchange_strong(expected, 1)) continue;
        g_slots[i].kind = kind;
        std::memcpy(g_slots[i].path, text.c_str(), text.size() + 1);
        g_slots[i].state.store(2, std::memory_order_release);
        m_slot = i;
        return;
    }
}

InterruptCleanup::InterruptCleanup(InterruptCleanup&& other) noexcept : m_slot(other.m_slot)
{
    other.m_slot = -1;
}

InterruptCleanup& InterruptCleanup::operator=(InterruptCleanup&& other) noexcept
{
    if (this != &other) {
        release();
        m_slot = other.m_slot;
        other.m_slot = -1;
    }
    return *this;
}

InterruptCleanup::~InterruptCleanup()
{
    release();
}

void InterruptCleanup::release() noexcept
{
    if (m_slot < 0) return;
    g_slots[m_slot].state.store(0, std::memory_order_release);
    m_slot = -1;
}

Result<TempFolder> TempFolder::create(const char* prefix)
{
    auto made = make_temp_dir(prefix);
    if (!made) return fail(made.error());
    InterruptCleanup cleanup(*made, TempKind::tree);
    return TempFolder(std::move(*made), std::move(cleanup));
}

TempFolder::TempFolder(std::filesystem::path path, InterruptCleanup cleanup)
    : m_path(std::move(path)), m_cleanup(std::move(cleanup))
{
}

TempFolder::TempFolder(TempFolder&& other) noexcept
    : m_path(std::move(other.m_path)), m_cleanup(std::move(other.m_cleanup))
{
    other.m_path.clear();
}

TempFolder::~TempFolder()
{
    if (m_path.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

}  // namespace ssosnap::core
