#include "NameSyntax.h"

namespace tollgate {

namespace {

bool isAsciiLower(QChar c)
{
    return c >= u'a' && c <= u'z';
}

bool isAsciiUpper(QChar c)
{
    return c >= u'A' && c <= u'Z';
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

/// `name` with ASCII letters folded by `upper`, every run of other characters replaced by one
/// `separator`, and separators trimmed from both ends.
QString convert(const QString& name, bool upper, QChar separator)
{
    QString result;
    bool pendingSeparator = false;
    for (QChar c : name) {
        if (isAsciiLower(c) || isAsciiUpper(c) || isAsciiDigit(c)) {
            if (pendingSeparator && !result.isEmpty())
                result += separator;
            pendingSeparator = false;
            result += upper ? c.toUpper() : c.toLower();
        } else {
            pendingSeparator = true;
        }
    }
    return result;
}

} // namespace

bool NameSyntax::isUpperSnakeCase(const QString& name)
{
    if (name.isEmpty() || !isAsciiUpper(name.front()))
        return false;
    for (QChar c : name) {
        if (!isAsciiUpper(c) && !isAsciiDigit(c) && c != u'_')
            return false;
    }
    return true;
}

bool NameSyntax::isLowerKebabCase(const QString& name)
{
    if (name.isEmpty() || !(isAsciiLower(name.front()) || isAsciiDigit(name.front())))
        return false;
    for (QChar c : name) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'-')
            return false;
    }
    return true;
}

bool NameSyntax::isLowerSnakeCase(const QString& name)
{
    if (name.isEmpty() || !isAsciiLower(name.front()))
        return false;
    for (QChar c : name) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'_')
            return false;
    }
    return true;
}

QString NameSyntax::toUpperSnakeCase(const QString& name)
{
    const QString result = convert(name, true, u'_');
    return isUpperSnakeCase(result) && result.size() <= MaxLength ? result : QString();
}

QString NameSyntax::toLowerKebabCase(const QString& name)
{
    const QString result = convert(name, false, u'-');
    return isLowerKebabCase(result) && result.size() <= MaxLength ? result : QString();
}

QString NameSyntax::toLowerSnakeCase(const QString& name)
{
    const QString result = convert(name, false, u'_');
    return isLowerSnakeCase(result) && result.size() <= MaxLength ? result : QString();
}

} // namespace tollgate
