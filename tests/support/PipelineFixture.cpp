#include "PipelineFixture.h"

#include "FreePort.h"
#include "RuleSetTemplate.h"

namespace tollgate::test {

PipelineFixture::PipelineFixture()
    : m_coreA(pickFreePort())
    , m_coreB(pickFreePort())
    , m_coreV6(pickFreePort(QStringLiteral("::1")))
{
    // Two calls of pickFreePort in a row may return the same port: it is only reserved once bound.
    while (m_coreB == m_coreA)
        m_coreB = pickFreePort();
}

QMap<QString, QString> PipelineFixture::values(const QMap<QString, QString>& overrides) const
{
    QMap<QString, QString> values{{QStringLiteral("CORE_A_PORT"), QString::number(m_coreA)},
                                  {QStringLiteral("CORE_B_PORT"), QString::number(m_coreB)},
                                  {QStringLiteral("CORE_V6_PORT"), QString::number(m_coreV6)},
                                  {QStringLiteral("MAX_CONCURRENT"), QStringLiteral("0")},
                                  {QStringLiteral("MAX_CPS"), QStringLiteral("0")},
                                  {QStringLiteral("OPTIONS_CODE"), QStringLiteral("503")},
                                  {QStringLiteral("PROBE_ENABLED"), QStringLiteral("true")}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values.insert(it.key(), it.value());
    return values;
}

QString PipelineFixture::writeRuleSet(const QMap<QString, QString>& overrides, const QString& fileName) const
{
    return test::writeRuleSet(QStringLiteral("pipeline.json"), values(overrides), m_daemon.directory(), fileName);
}

bool PipelineFixture::start(const QMap<QString, QString>& overrides, bool ipv6, const QStringList& extraArguments)
{
    const QString path = writeRuleSet(overrides, QStringLiteral("pipeline.json"));
    QString output;
    if (path.isEmpty() || !m_daemon.importRuleSet(path, &output)) {
        qWarning("cannot import the pipeline ruleset: %s", qPrintable(output));
        return false;
    }
    return m_daemon.start(extraArguments, ipv6);
}

} // namespace tollgate::test
