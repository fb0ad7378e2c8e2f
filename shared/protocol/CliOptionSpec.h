#pragma once

#include "CliValueKind.h"

#include <QString>

namespace tollgate {

/// A `--name VALUE` option of a tollgatectl command.
struct CliOptionSpec
{
    QString name;      ///< Without the dashes: "reason" for --reason.
    QString param;     ///< The method parameter it fills.
    QString valueName; ///< Shown in usage: "TEXT", "N".
    CliValueKind kind = CliValueKind::Text;
    bool required = false; ///< The parameter is required; set by the catalogue from the ParamSpec.
};

} // namespace tollgate
