#include "CallQuery.h"

#include <QJsonArray>

namespace tollgate {

QJsonObject CallPage::toJson(int offset) const
{
    QJsonArray array;
    for (const CallSummary& call : calls)
        array.append(call.toJson());
    return QJsonObject{
        {QStringLiteral("total"), total},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("calls"), array},
    };
}

} // namespace tollgate
