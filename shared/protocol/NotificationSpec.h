#pragma once

#include "FieldSpec.h"

#include <QList>
#include <QString>

namespace tollgate {

/// A JSON-RPC notification the daemon sends (method = name, params = the fields).
struct NotificationSpec
{
    QString name; ///< noun.event, e.g. "call.created".
    QString summary;
    QList<FieldSpec> params;
};

} // namespace tollgate
