#include "PathSegment.h"

namespace tollgate {

namespace {

/// `noun text`, with `text` quoted when `quote` is set; built with one allocation because the
/// validator builds a path for every rule of a ruleset.
QString segment(QLatin1String noun, QStringView text, bool quote)
{
    QString result;
    result.reserve(noun.size() + text.size() + 3);
    result.append(noun).append(QLatin1Char(' '));
    if (quote)
        result.append(QLatin1Char('"')).append(text).append(QLatin1Char('"'));
    else
        result.append(text);
    return result;
}

QString bare(const char* noun, const QString& name, int position)
{
    if (name.isEmpty())
        return segment(QLatin1String(noun), QString::number(position), false);
    return segment(QLatin1String(noun), name, false);
}

QString quoted(const char* noun, const QString& name, int position)
{
    if (name.isEmpty())
        return segment(QLatin1String(noun), QString::number(position), false);
    return segment(QLatin1String(noun), name, true);
}

QString positional(const char* noun, int position)
{
    return segment(QLatin1String(noun), QString::number(position), false);
}

} // namespace

QString PathSegment::flag(const QString& name, int position)
{
    return bare("flag", name, position);
}

QString PathSegment::carrier(const QString& name, int position)
{
    return quoted("carrier", name, position);
}

QString PathSegment::group(const QString& name, int position)
{
    return quoted("group", name, position);
}

QString PathSegment::cache(const QString& name, int position)
{
    return quoted("cache", name, position);
}

QString PathSegment::route(const QString& name, int position)
{
    return bare("route", name, position);
}

QString PathSegment::rule(const QString& name, int position)
{
    return quoted("rule", name, position);
}

QString PathSegment::address(int position)
{
    return positional("address", position);
}

QString PathSegment::mapping(int position)
{
    return positional("mapping", position);
}

QString PathSegment::destination(int position)
{
    return positional("destination", position);
}

QString PathSegment::condition(int position)
{
    return positional("condition", position);
}

QString PathSegment::action(int position)
{
    return positional("action", position);
}

QString PathSegment::probe()
{
    return QStringLiteral("probe");
}

} // namespace tollgate
