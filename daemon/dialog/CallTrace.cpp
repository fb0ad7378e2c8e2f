#include "CallTrace.h"

namespace tollgate {

namespace {

QString fromUtf8(const std::pmr::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

CallTraceEntry CallTraceEntry::copiedInto(std::pmr::memory_resource* memory, bool withText) const
{
    // Each string is constructed in place with its resource: assigning would keep the
    // destination's (the default) resource and copy into it.
    return CallTraceEntry{timeMs,
                          direction,
                          std::pmr::string(from, memory),
                          std::pmr::string(to, memory),
                          transport,
                          std::pmr::string(firstLine, memory),
                          withText ? std::pmr::string(text, memory) : std::pmr::string(memory)};
}

std::size_t CallTraceEntry::footprint() const
{
    return sizeof(CallTraceEntry) + from.size() + to.size() + firstLine.size() + text.size();
}

QJsonObject CallTraceEntry::toJson() const
{
    QJsonObject object{
        {QStringLiteral("time"), double(timeMs)},
        {QStringLiteral("direction"), direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out")},
        {QStringLiteral("from"), fromUtf8(from)},
        {QStringLiteral("to"), fromUtf8(to)},
        {QStringLiteral("transport"), transportName(transport)},
        {QStringLiteral("firstLine"), fromUtf8(firstLine)},
    };
    if (!text.empty())
        object.insert(QStringLiteral("text"), fromUtf8(text));
    return object;
}

QJsonObject CallTrace::toJson() const
{
    QJsonArray array;
    for (const CallTraceEntry& entry : entries)
        array.append(entry.toJson());
    return QJsonObject{
        {QStringLiteral("callId"), fromUtf8(callId)},
        {QStringLiteral("entries"), array},
        {QStringLiteral("droppedEntries"), double(droppedEntries)},
    };
}

} // namespace tollgate
