#pragma once

#include "CliArgumentSpec.h"
#include "CliOptionSpec.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tollgate {

/// How `tollgatectl NOUN VERB ...` maps onto a catalogue method. A method may have several
/// commands (events.subscribe is both `events watch TOPIC...` and `calls watch`) or none.
struct CliCommandSpec
{
    QString noun;
    QString verb;
    QString method;  ///< The catalogue method; set by the catalogue.
    QString summary; ///< One line for `tollgatectl help`; the method's summary when empty.
    QList<CliArgumentSpec> arguments;
    QList<CliOptionSpec> options;
    QJsonObject fixedParams; ///< Parameters always sent ("calls watch" subscribes to "calls").
    /// The command keeps running after the answer, printing notifications (watch commands).
    bool streaming = false;

    /// "calls end CALL-ID [--reason TEXT]".
    QString usage() const;
    /// The usage with optional options folded: "calls list [OPTIONS]".
    QString synopsis() const;
    const CliOptionSpec* option(const QString& optionName) const;
};

} // namespace tollgate
