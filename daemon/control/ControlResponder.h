#pragma once

#include "ControlAnswer.h"
#include "ControlSessionLink.h"
#include "protocol/ControlErrorCode.h"

#include <QJsonValue>
#include <QString>
#include <memory>

namespace tollgate {

/// Answers one control request. Handlers receive it by value and answer at once or later (for
/// instance after asking the SIP thread): exactly one of result() or error() counts, further
/// calls are ignored. Copies share the answer. Safe to use from any thread: the answer is sent
/// from the server's thread. Answering after the client went away is harmless (the answer is
/// dropped). If every copy is destroyed without an answer, the client gets an internal error
/// naming the method, so that a forgotten answer cannot hang it.
class ControlResponder
{
public:
    /// A responder bound to no request; its answers go nowhere.
    ControlResponder();

    /// Answers with `value` as the result (null when omitted).
    void result(const QJsonValue& value = QJsonValue(QJsonValue::Null)) const;

    /// Answers with an error. `message` should name the method and what was wrong
    /// ("destinations.disable: unknown destination 'core-z' (did you mean 'core-a'?)").
    void error(ControlErrorCode code, const QString& message,
               const QJsonValue& data = QJsonValue(QJsonValue::Undefined)) const;

    /// True once result() or error() was called on any copy.
    bool isAnswered() const;
    /// The method being answered.
    QString method() const;

    /// A responder for request `id` of `method` on the session behind `link`; used by the
    /// session. `id` is Undefined for a notification.
    static ControlResponder create(std::shared_ptr<ControlSessionLink> link, const QJsonValue& id,
                                   const QString& method);

private:
    struct State;
    explicit ControlResponder(std::shared_ptr<State> state);
    void answer(ControlAnswer answer) const;

    std::shared_ptr<State> m_state;
};

} // namespace tollgate
