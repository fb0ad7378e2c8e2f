#pragma once

#include <QList>
#include <QString>

namespace tollgate {

/// One documented member of a result, a notification or a shared object. Results are not
/// checked at run time; these entries are the contract docs/control-protocol.md publishes.
struct FieldSpec
{
    QString name;
    QString type; ///< "integer", "string", "array of call", "object", "string or null", ...
    QString doc;
};

} // namespace tollgate
