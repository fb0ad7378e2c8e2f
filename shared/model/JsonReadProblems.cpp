#include "JsonReadProblems.h"

namespace tollgate {

void JsonReadProblems::add(const QString& path, const QString& message, const QString& hint)
{
    if (m_problems.size() >= m_limit) {
        ++m_omitted;
        return;
    }
    m_problems.append(Diagnostic{Diagnostic::Severity::Error, path, message, hint});
}

Diagnostics JsonReadProblems::diagnostics() const
{
    Diagnostics result = m_problems;
    if (m_omitted > 0) {
        result.append(Diagnostic{Diagnostic::Severity::Error, QString(),
                                 QStringLiteral("%1 more problems are not shown").arg(m_omitted),
                                 QStringLiteral("fix the problems above and read the document again")});
    }
    return result;
}

} // namespace tollgate
