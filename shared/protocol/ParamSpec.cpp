#include "ParamSpec.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tollgate {

QString paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::String:
        return QStringLiteral("string");
    case ParamType::Integer:
        return QStringLiteral("integer");
    case ParamType::Boolean:
        return QStringLiteral("boolean");
    case ParamType::Object:
        return QStringLiteral("object");
    case ParamType::StringArray:
        return QStringLiteral("array of strings");
    }
    return QStringLiteral("value");
}

namespace {

QString jsonText(const QJsonValue& value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return QString::number(value.toInteger());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

} // namespace

QString ParamSpec::constraintText() const
{
    QStringList parts;
    if (minimum && maximum)
        parts << QStringLiteral("%1..%2").arg(*minimum).arg(*maximum);
    else if (minimum)
        parts << QStringLiteral(">= %1").arg(*minimum);
    else if (maximum)
        parts << QStringLiteral("<= %1").arg(*maximum);
    if (!allowedValues.isEmpty())
        parts << QStringLiteral("one of: ") + allowedValues.join(QStringLiteral(", "));
    if (nonEmpty)
        parts << QStringLiteral("not empty");
    if (!defaultValue.isUndefined())
        parts << QStringLiteral("default ") + jsonText(defaultValue);
    return parts.join(QStringLiteral("; "));
}

QString ParamSpec::documentation() const
{
    const QString constraints = constraintText();
    if (constraints.isEmpty())
        return doc;
    const bool sentence = doc.endsWith(QLatin1Char('.'));
    return (sentence ? doc.chopped(1) : doc) + QStringLiteral(" (%1)").arg(constraints) +
           (sentence ? QStringLiteral(".") : QString());
}

} // namespace tollgate
