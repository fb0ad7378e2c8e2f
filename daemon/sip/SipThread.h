#pragma once

#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <vector>

struct su_root_s;

namespace tollgate {

/// The thread that owns everything sofia-sip: its su_root event loop runs here, and every
/// sofia object (agent, transactions, messages, timers) is created, used and destroyed on it.
/// Other threads talk to it only through post(), which is thread-safe (sofia's su_msg).
class SipThread
{
public:
    SipThread();
    ~SipThread();
    SipThread(const SipThread&) = delete;
    SipThread& operator=(const SipThread&) = delete;

    /// Starts the thread, creates the root in it and runs `setUp` there before the loop starts.
    /// Blocks until `setUp` returned; returns its result. On false the thread has ended.
    bool start(std::function<bool(su_root_s* root)> setUp);

    /// Runs `tearDown` in the thread, stops the loop and joins the thread. Idempotent.
    void stop(std::function<void()> tearDown);

    /// Queues `task` to run on the SIP thread. Safe from any thread; false if not running.
    bool post(std::function<void()> task);

    /// Runs `task` on the SIP thread every `intervalMs` until the thread stops. Call on the SIP
    /// thread (e.g. from a posted task).
    void every(int intervalMs, std::function<void()> task);

    /// True when called from the SIP thread itself.
    bool isCurrentThread() const;
    su_root_s* root() const { return m_root; }

private:
    void run(std::function<bool(su_root_s*)> setUp, std::shared_ptr<std::promise<bool>> started);

    struct Periodic;

    std::thread m_thread;
    su_root_s* m_root = nullptr;
    std::vector<std::unique_ptr<Periodic>> m_periodic;
    std::thread::id m_threadId;
};

} // namespace tollgate
