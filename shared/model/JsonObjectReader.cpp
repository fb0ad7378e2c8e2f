#include "JsonObjectReader.h"

#include "NameSuggestion.h"

#include <cmath>

namespace tollgate {

namespace {
/// More keys than any object of the format has, so that recording them never reallocates.
constexpr qsizetype ExpectedKeyCount = 12;
} // namespace

JsonObjectReader::JsonObjectReader(const QJsonObject& object, const LazyPath& path, JsonReadProblems* problems)
    : m_object(object)
    , m_path(path)
    , m_problems(problems)
{
    m_knownKeys.reserve(ExpectedKeyCount);
}

QString JsonObjectReader::memberPath(const QString& key) const
{
    return joinPath(m_path.toString(), key);
}

QString JsonObjectReader::describeType(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return std::trunc(number) == number ? QStringLiteral("an integer") : QStringLiteral("a number");
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

QString JsonObjectReader::numberText(double value)
{
    if (std::trunc(value) == value && std::abs(value) < 1e18)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void JsonObjectReader::markKnown(const QString& key)
{
    if (m_knownKeys.contains(key))
        return;
    m_knownKeys.append(key);
    if (m_object.contains(key))
        ++m_presentKnownKeys;
}

bool JsonObjectReader::lookup(const QString& key, Presence presence, QJsonValue* value)
{
    const auto it = m_object.constFind(key);
    if (!m_knownKeys.contains(key)) {
        m_knownKeys.append(key);
        if (it != m_object.constEnd())
            ++m_presentKnownKeys;
    }
    if (it == m_object.constEnd()) {
        if (presence == Presence::Required)
            m_problems->add(path(), QStringLiteral("missing required key \"%1\"").arg(key));
        return false;
    }
    *value = it.value();
    return true;
}

void JsonObjectReader::reportType(const QString& key, const QString& expected, const QJsonValue& value)
{
    m_problems->add(memberPath(key), QStringLiteral("expected %1, got %2").arg(expected, describeType(value)));
}

bool JsonObjectReader::readString(const QString& key, Presence presence, QString* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    if (!member.isString()) {
        reportType(key, QStringLiteral("a string"), member);
        return false;
    }
    *value = member.toString();
    return true;
}

bool JsonObjectReader::readBool(const QString& key, Presence presence, bool* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    if (!member.isBool()) {
        reportType(key, QStringLiteral("a boolean"), member);
        return false;
    }
    *value = member.toBool();
    return true;
}

bool JsonObjectReader::readInt(const QString& key, Presence presence, int* value, int minimum, int maximum)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    if (!member.isDouble()) {
        reportType(key, QStringLiteral("an integer"), member);
        return false;
    }
    const double number = member.toDouble();
    if (std::trunc(number) != number) {
        m_problems->add(memberPath(key), QStringLiteral("expected an integer, got %1").arg(numberText(number)));
        return false;
    }
    if (number < minimum || number > maximum) {
        m_problems->add(memberPath(key),
                        QStringLiteral("expected an integer from %1 to %2, got %3")
                            .arg(QString::number(minimum), QString::number(maximum), numberText(number)));
        return false;
    }
    *value = static_cast<int>(number);
    return true;
}

bool JsonObjectReader::readStringList(const QString& key, Presence presence, QStringList* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    const QString expected = QStringLiteral("an array of strings");
    if (!member.isArray()) {
        reportType(key, expected, member);
        return false;
    }
    const QJsonArray array = member.toArray();
    QStringList result;
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue element = array.at(i);
        if (!element.isString()) {
            m_problems->add(memberPath(key), QStringLiteral("expected %1, got %2 at position %3")
                                                 .arg(expected, describeType(element), QString::number(i + 1)));
            return false;
        }
        result.append(element.toString());
    }
    *value = result;
    return true;
}

bool JsonObjectReader::readIntList(const QString& key, Presence presence, QList<int>* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    const QString expected = QStringLiteral("an array of integers");
    if (!member.isArray()) {
        reportType(key, expected, member);
        return false;
    }
    const QJsonArray array = member.toArray();
    QList<int> result;
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue element = array.at(i);
        const double number = element.toDouble();
        const bool isInt = element.isDouble() && std::trunc(number) == number &&
                           number >= std::numeric_limits<int>::min() && number <= std::numeric_limits<int>::max();
        if (!isInt) {
            const QString got = element.isDouble() ? numberText(number) : describeType(element);
            m_problems->add(
                memberPath(key),
                QStringLiteral("expected %1, got %2 at position %3").arg(expected, got, QString::number(i + 1)));
            return false;
        }
        result.append(static_cast<int>(number));
    }
    *value = result;
    return true;
}

bool JsonObjectReader::readArray(const QString& key, Presence presence, QJsonArray* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    if (!member.isArray()) {
        reportType(key, QStringLiteral("an array"), member);
        return false;
    }
    *value = member.toArray();
    return true;
}

bool JsonObjectReader::readObject(const QString& key, Presence presence, QJsonObject* value)
{
    QJsonValue member;
    if (!lookup(key, presence, &member))
        return false;
    if (!member.isObject()) {
        reportType(key, QStringLiteral("an object"), member);
        return false;
    }
    *value = member.toObject();
    return true;
}

int JsonObjectReader::readEnum(const QString& key, Presence presence, const QStringList& names, const QString& noun)
{
    QString text;
    if (!readString(key, presence, &text))
        return -1;
    const qsizetype index = names.indexOf(text);
    if (index >= 0)
        return int(index);
    const QString suggestion = suggestName(text, names);
    const QString hint = suggestion.isEmpty()
                             ? QStringLiteral("expected one of: %1").arg(names.join(QStringLiteral(", ")))
                             : QStringLiteral("did you mean \"%1\"?").arg(suggestion);
    m_problems->add(memberPath(key), QStringLiteral("unknown %1 \"%2\"").arg(noun, text), hint);
    return -1;
}

void JsonObjectReader::reportUnknownKeys(const QString& owner)
{
    if (m_presentKnownKeys == m_object.size())
        return; // Every member was asked for: the common case, without walking the keys.
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (m_knownKeys.contains(it.key()))
            continue;
        const QString suggestion = suggestName(it.key(), m_knownKeys);
        const QString hint =
            suggestion.isEmpty()
                ? QStringLiteral("%1 has the keys: %2").arg(owner, m_knownKeys.join(QStringLiteral(", ")))
                : QStringLiteral("did you mean \"%1\"?").arg(suggestion);
        m_problems->add(path(), QStringLiteral("unknown key \"%1\"").arg(it.key()), hint);
    }
}

} // namespace tollgate
