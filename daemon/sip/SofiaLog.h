#pragma once

namespace tollgate {

/// Routes sofia-sip's own log output (every module) into Tollgate's log, category
/// "tollgate.sofia", one entry per line. `level` is sofia's 0-9 verbosity (3 = its errors).
/// Call once at start-up, before the SIP thread exists: sofia's redirect is not thread-safe.
void installSofiaLogRedirect(int level);

} // namespace tollgate
