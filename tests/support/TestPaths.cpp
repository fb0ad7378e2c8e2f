#include "TestPaths.h"

#include <QFile>
#include <QTest>

namespace tollgate::test {

QString dataPath(const QString& relative)
{
    return QStringLiteral(TOLLGATE_TEST_DATA_DIR "/") + relative;
}

QString sourcePath(const QString& relative)
{
    return QStringLiteral(TOLLGATE_SOURCE_DIR "/") + relative;
}

QString binaryPath(const QString& relative)
{
    return QStringLiteral(TOLLGATE_BINARY_DIR "/") + relative;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read %1: %2").arg(path, file.errorString())), __FILE__,
                     __LINE__);
        return {};
    }
    return file.readAll();
}

} // namespace tollgate::test
