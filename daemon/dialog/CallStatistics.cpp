#include "CallStatistics.h"

#include <QJsonArray>

namespace tollgate {

QJsonObject CallCounters::toJson() const
{
    return QJsonObject{
        {QStringLiteral("active"), double(active)},     {QStringLiteral("total"), double(total)},
        {QStringLiteral("answered"), double(answered)}, {QStringLiteral("failed"), double(failed)},
        {QStringLiteral("canceled"), double(canceled)},
    };
}

QJsonObject CallStatistics::toJson() const
{
    QJsonObject object = totals.toJson();
    QJsonObject states;
    for (int state = 0; state < DialogStateCount; ++state)
        states.insert(dialogStateName(static_cast<DialogState>(state)), double(byState[std::size_t(state)]));
    object.insert(QStringLiteral("byState"), states);
    QJsonObject reasons;
    for (int reason = 1; reason < DialogEndReasonCount; ++reason)
        reasons.insert(dialogEndReasonName(static_cast<DialogEndReason>(reason)),
                       double(byEndReason[std::size_t(reason)]));
    object.insert(QStringLiteral("byEndReason"), reasons);
    QJsonArray carrierArray;
    for (const Named& carrier : carriers) {
        QJsonObject entry = carrier.counters.toJson();
        entry.insert(QStringLiteral("name"), carrier.name);
        carrierArray.append(entry);
    }
    object.insert(QStringLiteral("carriers"), carrierArray);
    QJsonArray destinationArray;
    for (const Named& destination : destinations) {
        QJsonObject entry = destination.counters.toJson();
        entry.insert(QStringLiteral("group"), destination.group);
        entry.insert(QStringLiteral("uri"), destination.name);
        destinationArray.append(entry);
    }
    object.insert(QStringLiteral("destinations"), destinationArray);
    object.insert(QStringLiteral("droppedEvents"), double(droppedEvents));
    return object;
}

} // namespace tollgate
