#pragma once
// SHA-256 of a stream computed on a worker thread, so that hashing overlaps with producing
// the bytes: a download receives and writes on one core while another hashes (libcrypto's
// SHA-256 runs at roughly 0.4-2 GB/s depending on the CPU's SHA extensions: on the slow end,
// slower than a fast link).

#include "core/sha256.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ssosnap::core
{

class BackgroundSha256
{
public:
    /// Starts the worker; when no thread can be started, update() hashes in the caller.
    BackgroundSha256();
    /// Stops the worker (blocks still queued are dropped) and joins it.
    ~BackgroundSha256();
    BackgroundSha256(const BackgroundSha256&) = delete;
    BackgroundSha256& operator=(const BackgroundSha256&) = delete;

    /// Queues `block` to be hashed after the blocks before it. Waits while k_depth blocks are
    /// queued, so at most that many are held.
    void update(std::string block);
    /// An empty string to fill next: one the worker has finished with (its capacity kept), or
    /// a new one.
    std::string spare();
    /// Waits until every queued block is hashed and returns the digest as 64 lower-case hex
    /// characters. Call once, after the last update().
    std::string hex_digest();

    static constexpr std::size_t k_depth = 4;

private:
    void run();
    void stop() noexcept;

    std::mutex m_mutex;
    std::condition_variable m_changed;  ///< the queue or m_closing changed
    std::deque<std::string> m_queue;    ///< blocks not yet hashed, in order
    std::vector<std::string> m_spare;   ///< hashed blocks, emptied, for reuse
    bool m_closing = false;
    bool m_drain = false;  ///< hash what is queued before stopping (hex_digest)
    Sha256 m_hash;         ///< only the worker touches it while it runs
    std::thread m_worker;  ///< last: started once everything above exists
};

}  // namespace ssosnap::core
