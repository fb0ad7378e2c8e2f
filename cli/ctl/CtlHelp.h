#pragma once

#include "protocol/CliCommandSpec.h"

#include <QString>
#include <QStringList>

namespace tollgate {

/// tollgatectl's help texts, built from the catalogue's commands so that they list exactly
/// what the parser accepts.
class CtlHelp
{
public:
    /// `tollgatectl help`: usage, every command with its summary, the global options, exit codes.
    static QString overview();
    /// `tollgatectl NOUN --help`: each command of NOUN with its arguments and options explained.
    static QString nounHelp(const QString& noun);
    /// `tollgatectl NOUN VERB --help`.
    static QString commandHelp(const CliCommandSpec& command);
    /// `tollgatectl --version`.
    static QString version();

    /// Every noun, in catalogue order.
    static QStringList nouns();
    /// The verbs of `noun`, in catalogue order.
    static QStringList verbs(const QString& noun);
};

} // namespace tollgate
