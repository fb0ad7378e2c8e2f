#pragma once

#include <QString>

namespace tollgate::test {

/// A port on `address` (an IP literal) that is free for both UDP and TCP right now. Tests use it
/// so that they can run in parallel without fixed ports. Returns 0 when none was found.
int pickFreePort(const QString& address = QStringLiteral("127.0.0.1"));

} // namespace tollgate::test
