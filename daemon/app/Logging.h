#pragma once

#include <QString>

namespace tollgate {

/// Log lines on stderr as `TIME LEVEL CATEGORY: message`, showing `level` (debug, info,
/// warning, error) and above; sofia-sip's own log is routed in at a matching verbosity.
void setUpLogging(const QString& level);

} // namespace tollgate
