#include "DestinationStatus.h"

namespace tollgate {

QJsonObject DestinationStatus::toJson() const
{
    const QJsonObject adminObject{
        {QStringLiteral("state"), destinationAdminStateName(admin)},
        {QStringLiteral("reason"), adminReason},
        {QStringLiteral("user"), adminUser},
        {QStringLiteral("since"), double(adminSinceMs)},
    };
    const QJsonObject healthObject{
        {QStringLiteral("state"), destinationHealthName(health)},
        {QStringLiteral("reason"), healthReason},
        {QStringLiteral("since"), double(healthSinceMs)},
    };
    QJsonValue lastProbe;
    if (lastProbeCode >= 0) {
        lastProbe = QJsonObject{
            {QStringLiteral("time"), double(lastProbeMs)},
            {QStringLiteral("code"), lastProbeCode},
            {QStringLiteral("rttMs"), lastProbeRttMs >= 0 ? QJsonValue(lastProbeRttMs) : QJsonValue()},
        };
    }
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("group"), group},
        {QStringLiteral("name"), name},
        {QStringLiteral("uri"), uri},
        {QStringLiteral("priority"), priority},
        {QStringLiteral("weight"), weight},
        {QStringLiteral("configuredEnabled"), configuredEnabled},
        {QStringLiteral("retired"), retired},
        {QStringLiteral("usable"), usable},
        {QStringLiteral("admin"), adminObject},
        {QStringLiteral("health"), healthObject},
        {QStringLiteral("probing"), probing},
        {QStringLiteral("lastProbe"), lastProbe},
        {QStringLiteral("consecutiveFailures"), consecutiveFailures},
        {QStringLiteral("consecutiveSuccesses"), consecutiveSuccesses},
        {QStringLiteral("activeCalls"), activeCalls},
        {QStringLiteral("attempts"), double(attempts)},
        {QStringLiteral("failures"), double(failures)},
        {QStringLiteral("timeouts"), double(timeouts)},
    };
}

QJsonArray DestinationStatus::toJson(const std::vector<DestinationStatus>& statuses)
{
    QJsonArray array;
    for (const DestinationStatus& status : statuses)
        array.append(status.toJson());
    return array;
}

} // namespace tollgate
