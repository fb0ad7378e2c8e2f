#pragma once

#include <QString>

namespace tollgate {

/// A named flag of a ruleset. Rules set, clear and test flags by name; the engine compiles the
/// names to bit positions so that a named flag costs what a numbered one costs.
struct FlagDefinition
{
    QString name;        ///< UPPER_SNAKE_CASE, unique among flags (built-in names included).
    QString description; ///< What the flag means to the operator; free text.

    bool operator==(const FlagDefinition&) const = default;
};

} // namespace tollgate
