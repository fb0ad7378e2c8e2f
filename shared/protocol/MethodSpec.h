#pragma once

#include "CliCommandSpec.h"
#include "FieldSpec.h"
#include "ParamSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tollgate {

/// One method of the control catalogue: its `noun.verb` name, what it does, its parameters
/// (checked by the server before a handler runs), its result (documented), whether it changes
/// the daemon's state (such calls are written to the audit log), and its tollgatectl commands.
struct MethodSpec
{
    QString name; ///< "calls.list": lower camelCase noun and verb, joined by a dot.
    QString summary;
    QList<ParamSpec> params;
    QList<FieldSpec> result;
    bool mutating = false; ///< The daemon writes an audit entry for every call.
    QList<CliCommandSpec> commands;

    QString noun() const { return name.section(QLatin1Char('.'), 0, 0); }
    QString verb() const { return name.section(QLatin1Char('.'), 1); }
    const ParamSpec* param(const QString& paramName) const;
    QStringList paramNames() const;
};

} // namespace tollgate
