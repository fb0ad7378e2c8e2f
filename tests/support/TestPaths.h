#pragma once

#include <QString>

namespace tollgate::test {

/// Absolute path of a file below tests/data, e.g. dataPath("sip/invite-basic.sip").
QString dataPath(const QString& relative);
/// Absolute path of a file in the source tree, e.g. sourcePath("resources/starter-ruleset.json").
QString sourcePath(const QString& relative);
/// Absolute path of a built executable in this build tree ("daemon/tollgated", "cli/tollgatectl").
QString binaryPath(const QString& relative);
/// Whole content of a file; fails the current test (QFAIL-style message) when unreadable.
QByteArray readFile(const QString& path);

} // namespace tollgate::test
