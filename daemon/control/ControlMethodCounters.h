#pragma once

#include <QtGlobal>

namespace tollgate {

/// Requests and error answers of one method since the server started (redis-style per-command
/// counters, for system.status and the logs).
struct ControlMethodCounters
{
    quint64 calls = 0;  ///< Requests that reached the method (its params may still be refused).
    quint64 errors = 0; ///< Error answers among them.
};

} // namespace tollgate
