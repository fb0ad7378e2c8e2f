#pragma once

#include "CallSummary.h"
#include "DialogState.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace tollgate {

/// Which calls calls.list wants: every criterion set must hold. Names are matched exactly,
/// caller and callee as case-sensitive substrings.
struct CallFilter
{
    QString carrier;     ///< Carrier name; empty = any.
    QString group;       ///< Destination group name; empty = any.
    QString destination; ///< Destination URI (current next hop); empty = any.
    std::optional<DialogState> state;
    bool activeOnly = false; ///< Leave out terminated calls (still kept for a short while).
    QString callerContains;
    QString calleeContains;
    std::int64_t minDurationMs = 0; ///< Talk time at least this long.
    int offset = 0;                 ///< Calls to skip, newest first.
    int limit = 100;                ///< At most this many calls; <= 0 = no limit.
};

/// One page of calls.list: the calls, newest first, and how many matched in all.
struct CallPage
{
    std::vector<CallSummary> calls;
    int total = 0;

    /// {"total", "offset", "calls": [...]}.
    QJsonObject toJson(int offset) const;
};

} // namespace tollgate
