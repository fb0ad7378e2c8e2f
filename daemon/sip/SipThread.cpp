#include "SipThread.h"

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

#include <future>

namespace tollgate {

namespace {

struct PostedTask
{
    std::function<void()>* task;
};

void runPostedTask(su_root_magic_t*, su_msg_r message, su_msg_arg_t* argument)
{
    auto* posted = static_cast<PostedTask*>(argument);
    std::unique_ptr<std::function<void()>> task(posted->task);
    posted->task = nullptr;
    (*task)();
    su_msg_destroy(message);
}

void freeUndeliveredTask(su_msg_arg_t* argument)
{
    // A task still queued when the root is destroyed is freed here instead of leaking.
    delete static_cast<PostedTask*>(argument)->task;
}

} // namespace

struct SipThread::Periodic
{
    std::function<void()> task;
    su_timer_t* timer = nullptr;

    ~Periodic()
    {
        if (timer)
            su_timer_destroy(timer);
    }
};

namespace {
void runPeriodic(su_root_magic_t*, su_timer_t*, su_timer_arg_t* argument)
{
    static_cast<std::function<void()>*>(argument)->operator()();
}
} // namespace

SipThread::SipThread() = default;

SipThread::~SipThread()
{
    stop({});
}

bool SipThread::start(std::function<bool(su_root_s*)> setUp)
{
    auto started = std::make_shared<std::promise<bool>>();
    std::future<bool> result = started->get_future();
    m_thread = std::thread(&SipThread::run, this, std::move(setUp), started);
    const bool ok = result.get();
    if (!ok && m_thread.joinable())
        m_thread.join();
    return ok;
}

void SipThread::run(std::function<bool(su_root_s*)> setUp, std::shared_ptr<std::promise<bool>> started)
{
    m_threadId = std::this_thread::get_id();
    // The root binds its port to the creating thread: it must be created here, not by start().
    su_root_t* root = su_root_create(nullptr);
    if (!root) {
        started->set_value(false);
        return;
    }
    m_root = root;
    if (!setUp(root)) {
        m_root = nullptr;
        su_root_destroy(root);
        started->set_value(false);
        return;
    }
    started->set_value(true);
    su_root_run(root);
    m_periodic.clear(); // timers belong to the root: destroy them first, on this thread
    m_root = nullptr;
    su_root_destroy(root);
}

bool SipThread::post(std::function<void()> task)
{
    su_root_t* root = m_root;
    if (!root)
        return false;
    su_msg_r message = SU_MSG_R_INIT;
    if (su_msg_create(message, su_root_task(root), su_task_null, runPostedTask, sizeof(PostedTask)) != 0)
        return false;
    su_msg_deinitializer(message, freeUndeliveredTask);
    static_cast<PostedTask*>(su_msg_data(message))->task = new std::function<void()>(std::move(task));
    return su_msg_send(message) == 0;
}

void SipThread::stop(std::function<void()> tearDown)
{
    if (!m_thread.joinable())
        return;
    if (isCurrentThread())
        return; // stopping from inside would deadlock on join; callers stop from outside.
    su_root_t* root = m_root;
    if (root) {
        post([root, tearDown = std::move(tearDown)] {
            if (tearDown)
                tearDown();
            su_root_break(root);
        });
    }
    m_thread.join();
}

void SipThread::every(int intervalMs, std::function<void()> task)
{
    auto periodic = std::make_unique<Periodic>();
    periodic->task = std::move(task);
    periodic->timer = su_timer_create(su_root_task(m_root), intervalMs);
    if (!periodic->timer)
        return;
    su_timer_set_for_ever(periodic->timer, &runPeriodic, &periodic->task);
    m_periodic.push_back(std::move(periodic));
}

bool SipThread::isCurrentThread() const
{
    return std::this_thread::get_id() == m_threadId;
}

} // namespace tollgate
