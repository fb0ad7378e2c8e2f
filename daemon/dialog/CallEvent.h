#pragma once

#include "CallSummary.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace tollgate {

/// A change of one call for the control socket's subscribers (calls.* notifications), queued by
/// DialogTracker only while someone listens.
struct CallEvent
{
    enum class Type : std::uint8_t
    {
        Started, ///< The call's first INVITE was relayed.
        Updated, ///< State or destination changed (provisional, answer, failover).
        Ended,   ///< The call terminated; `call.endReason` says why.
    };

    Type type = Type::Started;
    std::int64_t timeMs = 0; ///< Wall clock.
    CallSummary call;        ///< The call after the change.
    QString user;            ///< Who ended it, for Ended by an operator; empty otherwise.

    /// "call.started", "call.updated", "call.ended": the notification method names.
    static QString typeName(Type type);

    /// {"event", "time", "call": {...}, "user"?}.
    QJsonObject toJson() const;
};

} // namespace tollgate
