#include "core/background_sha256.hpp"

#include <system_error>

namespace ssosnap::core
{

BackgroundSha256::BackgroundSha256()
{
    try {
        m_worker = std::thread([this] { run(); });
    } catch (const std::system_error&) {
        // no thread (resource limits): update() hashes in the caller instead
    }
}

BackgroundSha256::~BackgroundSha256()
{
    stop();
}

void BackgroundSha256::stop() noexcept
{
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable()) m_worker.join();
}

void BackgroundSha256::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return !m_queue.empty() || m_closing; });
        if (m_closing && (!m_drain || m_queue.empty())) return;
        std::string block = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        m_hash.update(block);
        block.clear();
        lock.lock();
        if (m_spare.size() < k_depth + 2) m_spare.push_back(std::move(block));  // all in use
        m_changed.notify_all();
    }
}

void BackgroundSha256::update(std::string block)
{
    if (!m_worker.joinable()) {
        m_hash.update(block);
        return;
    }
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < k_depth; });
        m_queue.push_back(std::move(block));
    }
    m_changed.notify_all();
}

std::string BackgroundSha256::spare()
{
    std::lock_guard lock(m_mutex);
    if (m_spare.empty()) return {};
    std::string out = std::move(m_spare.back());
    m_spare.pop_back();
    return out;
}

std::string BackgroundSha256::hex_digest()
{
    {
        std::lock_guard lock(m_mutex);
        m_drain = true;
    }
    stop();
    return m_hash.hex_digest();
}

}  // namespace ssosnap::core
