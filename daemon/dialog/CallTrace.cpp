#include "CallTrace.h"

namespace tollgate {

std::size_t CallTraceEntry::footprint() const
{
    return sizeof(CallTraceEntry) + from.size() + to.size() + firstLine.size() + text.size();
}

QJsonObject CallTraceEntry::toJson() const
{
    QJsonObject object{
        {QStringLiteral("time"), double(timeMs)},
        {QStringLiteral("direction"), direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out")},
        {QStringLiteral("from"), QString::fromStdString(from)},
        {QStringLiteral("to"), QString::fromStdString(to)},
        {QStringLiteral("transport"), transportName(transport)},
        {QStringLiteral("firstLine"), QString::fromStdString(firstLine)},
    };
    if (!text.empty())
        object.insert(QStringLiteral("text"), QString::fromStdString(text));
    return object;
}

QJsonObject CallTrace::toJson() const
{
    QJsonArray array;
    for (const CallTraceEntry& entry : entries)
        array.append(entry.toJson());
    return QJsonObject{
        {QStringLiteral("callId"), QString::fromStdString(callId)},
        {QStringLiteral("entries"), array},
        {QStringLiteral("droppedEntries"), double(droppedEntries)},
    };
}

} // namespace tollgate
