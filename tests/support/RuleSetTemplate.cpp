#include "RuleSetTemplate.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace tollgate::test {

QString writeRuleSet(const QString& templateName, const QMap<QString, QString>& values, const QString& directory,
                     const QString& fileName)
{
    QString text = QString::fromUtf8(readFile(dataPath(QStringLiteral("rulesets/") + templateName)));
    for (auto it = values.begin(); it != values.end(); ++it)
        text.replace(u'@' + it.key() + u'@', it.value());
    const QRegularExpressionMatch leftover = QRegularExpression(QStringLiteral("@[A-Z_0-9]+@")).match(text);
    if (leftover.hasMatch()) {
        QTest::qFail(qPrintable(QStringLiteral("%1: no value for %2").arg(templateName, leftover.captured())), __FILE__,
                     __LINE__);
        return {};
    }
    const QString path = QDir(directory).filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0)
        return {};
    return path;
}

} // namespace tollgate::test
