#include "ParamsChecker.h"

#include "model/NameSuggestion.h"

#include <QJsonArray>
#include <cmath>

namespace tollgate {

namespace {

/// Integers beyond this lose precision as JSON numbers (IEEE doubles).
constexpr double MaxSafeInteger = 9007199254740991.0;

/// Received text quoted in a message, shortened so that a huge value cannot blow up the answer.
QString quoted(const QString& text)
{
    constexpr qsizetype MaxShown = 64;
    if (text.size() <= MaxShown)
        return QLatin1Char('\'') + text + QLatin1Char('\'');
    return QLatin1Char('\'') + text.left(MaxShown) + QStringLiteral("...' (%1 characters)").arg(text.size());
}

QString parameterPrefix(const MethodSpec& method, const ParamSpec& spec)
{
    return QStringLiteral("%1: parameter '%2'").arg(method.name, spec.name);
}

} // namespace

QString ParamsChecker::describeJsonType(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) != number)
            return QStringLiteral("a fractional number");
        return std::fabs(number) > MaxSafeInteger ? QStringLiteral("a number beyond +-2^53")
                                                  : QStringLiteral("an integer");
    }
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool ParamsChecker::check(const MethodSpec& method, const QJsonValue& params, QJsonObject* normalized, QString* error)
{
    QJsonObject given;
    if (params.isObject()) {
        given = params.toObject();
    } else if (!params.isUndefined() && !params.isNull()) {
        *error = QStringLiteral("%1: params must be an object of named parameters, got %2")
                     .arg(method.name, describeJsonType(params));
        return false;
    }

    for (auto it = given.constBegin(); it != given.constEnd(); ++it) {
        if (method.param(it.key()))
            continue;
        const QString suggestion = suggestName(it.key(), method.paramNames());
        if (method.params.isEmpty())
            *error =
                QStringLiteral("%1: unknown parameter %2 (the method takes none)").arg(method.name, quoted(it.key()));
        else if (suggestion.isEmpty())
            *error = QStringLiteral("%1: unknown parameter %2 (parameters: %3)")
                         .arg(method.name, quoted(it.key()), method.paramNames().join(QStringLiteral(", ")));
        else
            *error = QStringLiteral("%1: unknown parameter %2 (did you mean '%3'?)")
                         .arg(method.name, quoted(it.key()), suggestion);
        return false;
    }

    QJsonObject result;
    for (const ParamSpec& spec : method.params) {
        const QJsonValue value = given.value(spec.name);
        if (value.isUndefined() || value.isNull()) {
            if (spec.required) {
                *error = QStringLiteral("%1: missing required parameter '%2' (%3)")
                             .arg(method.name, spec.name, paramTypeName(spec.type));
                return false;
            }
            if (!spec.defaultValue.isUndefined())
                result.insert(spec.name, spec.defaultValue);
            continue;
        }
        if (!checkValue(method, spec, value, error))
            return false;
        result.insert(spec.name, value);
    }
    *normalized = result;
    return true;
}

bool ParamsChecker::checkValue(const MethodSpec& method, const ParamSpec& spec, const QJsonValue& value, QString* error)
{
    const auto wrongType = [&]() {
        const QString typeName = paramTypeName(spec.type);
        const bool vowel = QStringLiteral("aeiou").contains(typeName.front());
        *error = QStringLiteral("%1 must be %2 %3, got %4")
                     .arg(parameterPrefix(method, spec), vowel ? QStringLiteral("an") : QStringLiteral("a"), typeName,
                          describeJsonType(value));
        return false;
    };

    switch (spec.type) {
    case ParamType::String: {
        if (!value.isString())
            return wrongType();
        const QString text = value.toString();
        if (spec.nonEmpty && text.trimmed().isEmpty()) {
            *error = QStringLiteral("%1 must not be empty").arg(parameterPrefix(method, spec));
            return false;
        }
        return checkAllowed(method, spec, text, error);
    }
    case ParamType::Integer: {
        if (!value.isDouble())
            return wrongType();
        const double number = value.toDouble();
        if (std::trunc(number) != number || std::fabs(number) > MaxSafeInteger)
            return wrongType();
        const auto integer = qint64(number);
        const bool tooSmall = spec.minimum && integer < *spec.minimum;
        const bool tooLarge = spec.maximum && integer > *spec.maximum;
        if (tooSmall || tooLarge) {
            *error = QStringLiteral("%1 must be %2, got %3")
                         .arg(parameterPrefix(method, spec),
                              spec.minimum && spec.maximum
                                  ? QStringLiteral("between %1 and %2").arg(*spec.minimum).arg(*spec.maximum)
                              : spec.minimum ? QStringLiteral("at least %1").arg(*spec.minimum)
                                             : QStringLiteral("at most %1").arg(*spec.maximum))
                         .arg(integer);
            return false;
        }
        return true;
    }
    case ParamType::Boolean:
        return value.isBool() ? true : wrongType();
    case ParamType::Object:
        return value.isObject() ? true : wrongType();
    case ParamType::StringArray: {
        if (!value.isArray())
            return wrongType();
        const QJsonArray array = value.toArray();
        if (spec.nonEmpty && array.isEmpty()) {
            *error = QStringLiteral("%1 must not be empty").arg(parameterPrefix(method, spec));
            return false;
        }
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                *error = QStringLiteral("%1 must be an array of strings, but item %2 is %3")
                             .arg(parameterPrefix(method, spec))
                             .arg(i + 1)
                             .arg(describeJsonType(array.at(i)));
                return false;
            }
            if (!checkAllowed(method, spec, array.at(i).toString(), error))
                return false;
        }
        return true;
    }
    }
    return wrongType();
}

bool ParamsChecker::checkAllowed(const MethodSpec& method, const ParamSpec& spec, const QString& value, QString* error)
{
    if (spec.allowedValues.isEmpty() || spec.allowedValues.contains(value))
        return true;
    const QString suggestion = suggestName(value, spec.allowedValues);
    *error = QStringLiteral("%1: %2 is not one of %3%4")
                 .arg(parameterPrefix(method, spec), quoted(value), spec.allowedValues.join(QStringLiteral(", ")),
                      suggestion.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(suggestion));
    return false;
}

} // namespace tollgate
