#pragma once

#include <QMap>
#include <QString>

namespace tollgate::test {

/// A ruleset file of tests/data/rulesets with @NAME@ placeholders (ports chosen at run time),
/// filled in and written to `directory`. Returns the written file's path, or an empty string
/// (and a test failure message) when the template is missing a value.
QString writeRuleSet(const QString& templateName, const QMap<QString, QString>& values, const QString& directory,
                     const QString& fileName = QStringLiteral("ruleset.json"));

} // namespace tollgate::test
