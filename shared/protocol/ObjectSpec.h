#pragma once

#include "FieldSpec.h"

#include <QList>
#include <QString>

namespace tollgate {

/// A JSON object shape used by several methods or notifications ("call", "revision"), named
/// in FieldSpec::type and documented once.
struct ObjectSpec
{
    QString name;
    QString summary;
    QList<FieldSpec> fields;
};

} // namespace tollgate
