#include "ControlResponder.h"

#include "ControlSession.h"

#include <QMetaObject>
#include <QThread>
#include <atomic>

namespace tollgate {

namespace {

/// Hands `answer` to the session behind `link` on the session's thread, if it still exists.
void deliver(const std::shared_ptr<ControlSessionLink>& link, ControlAnswer answer)
{
    if (!link)
        return;
    std::unique_lock lock(link->mutex);
    ControlSession* session = link->session;
    if (!session)
        return;
    if (session->thread() == QThread::currentThread()) {
        // The session can only be destroyed on this very thread, so it outlives the call.
        lock.unlock();
        session->deliverAnswer(answer);
        return;
    }
    // The session cannot be destroyed while the lock is held, so posting to it is safe; if it
    // is destroyed before the event runs, Qt discards the event.
    QMetaObject::invokeMethod(
        session,
        [link, answer = std::move(answer)]() {
            if (link->session)
                link->session->deliverAnswer(answer);
        },
        Qt::QueuedConnection);
}

} // namespace

struct ControlResponder::State
{
    std::shared_ptr<ControlSessionLink> link;
    QJsonValue id;
    QString method;
    std::atomic<bool> answered{false};

    ~State()
    {
        if (answered.load())
            return;
        ControlAnswer answer;
        answer.id = id;
        answer.method = method;
        answer.isError = true;
        answer.error = JsonRpcError(ControlErrorCode::InternalError,
                                    QStringLiteral("%1: the daemon dropped the request without answering").arg(method));
        deliver(link, std::move(answer));
    }
};

ControlResponder::ControlResponder() = default;

ControlResponder::ControlResponder(std::shared_ptr<State> state)
    : m_state(std::move(state))
{}

ControlResponder ControlResponder::create(std::shared_ptr<ControlSessionLink> link, const QJsonValue& id,
                                          const QString& method)
{
    auto state = std::make_shared<State>();
    state->link = std::move(link);
    state->id = id;
    state->method = method;
    return ControlResponder(std::move(state));
}

void ControlResponder::result(const QJsonValue& value) const
{
    ControlAnswer answer;
    answer.result = value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    this->answer(std::move(answer));
}

void ControlResponder::error(ControlErrorCode code, const QString& message, const QJsonValue& data) const
{
    ControlAnswer answer;
    answer.isError = true;
    answer.error = JsonRpcError(code, message, data);
    this->answer(std::move(answer));
}

bool ControlResponder::isAnswered() const
{
    return m_state && m_state->answered.load();
}

QString ControlResponder::method() const
{
    return m_state ? m_state->method : QString();
}

void ControlResponder::answer(ControlAnswer answer) const
{
    if (!m_state || m_state->answered.exchange(true))
        return;
    answer.id = m_state->id;
    answer.method = m_state->method;
    deliver(m_state->link, std::move(answer));
}

} // namespace tollgate
