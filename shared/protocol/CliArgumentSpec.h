#pragma once

#include "CliValueKind.h"

#include <QString>

namespace tollgate {

/// A positional argument of a tollgatectl command.
struct CliArgumentSpec
{
    QString valueName; ///< Shown in usage: "CALL-ID", "FILE".
    QString param;     ///< The method parameter it fills.
    CliValueKind kind = CliValueKind::Text;
    bool optional = false;
    bool repeated = false; ///< Takes every remaining argument; fills a StringArray parameter.
};

} // namespace tollgate
