#include "CallSummary.h"

namespace tollgate {

namespace {

QJsonValue timeValue(std::int64_t ms)
{
    return ms < 0 ? QJsonValue() : QJsonValue(double(ms));
}

} // namespace

QJsonObject CallSummary::toJson() const
{
    QJsonObject object{
        {QStringLiteral("serial"), double(serial)},
        {QStringLiteral("callId"), callId},
        {QStringLiteral("fromTag"), fromTag},
        {QStringLiteral("toTag"), toTag},
        {QStringLiteral("caller"), caller},
        {QStringLiteral("callee"), callee},
        {QStringLiteral("carrier"), carrier},
        {QStringLiteral("group"), group},
        {QStringLiteral("destination"), destination},
        {QStringLiteral("state"), dialogStateName(state)},
        {QStringLiteral("endReason"), dialogEndReasonName(endReason)},
        {QStringLiteral("finalCode"), finalCode},
        {QStringLiteral("created"), timeValue(createdMs)},
        {QStringLiteral("answered"), timeValue(answeredMs)},
        {QStringLiteral("ended"), timeValue(endedMs)},
        {QStringLiteral("durationMs"), double(durationMs)},
        {QStringLiteral("ageMs"), double(ageMs)},
    };
    if (hasDetail) {
        object.insert(QStringLiteral("detail"), QJsonObject{
                                                    {QStringLiteral("from"), fromHeader},
                                                    {QStringLiteral("to"), toHeader},
                                                    {QStringLiteral("callerContact"), callerContact},
                                                    {QStringLiteral("routeToCaller"), routeToCaller},
                                                    {QStringLiteral("calleeContact"), calleeContact},
                                                    {QStringLiteral("routeToCallee"), routeToCallee},
                                                    {QStringLiteral("callerCSeq"), double(callerCSeq)},
                                                    {QStringLiteral("calleeCSeq"), double(calleeCSeq)},
                                                    {QStringLiteral("acknowledged"), acknowledged},
                                                });
    }
    return object;
}

} // namespace tollgate
