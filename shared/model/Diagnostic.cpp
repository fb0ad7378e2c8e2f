#include "Diagnostic.h"

#include <algorithm>

namespace tollgate {

QString Diagnostic::toString() const
{
    QString text = path.isEmpty() ? message : path + QStringLiteral(": ") + message;
    if (!hint.isEmpty())
        text += QStringLiteral(" (") + hint + QLatin1Char(')');
    return text;
}

bool hasErrors(const Diagnostics& diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

QString joinPath(const QString& parent, const QString& segment)
{
    if (parent.isEmpty())
        return segment;
    static const QString separator = QStringLiteral(" \u203a ");
    QString path;
    path.reserve(parent.size() + separator.size() + segment.size());
    path.append(parent).append(separator).append(segment);
    return path;
}

} // namespace tollgate
