#pragma once

#include "model/Action.h"
#include "model/Condition.h"

#include <QString>

namespace tollgate {

/// One-line, human-readable forms of conditions and actions, as traces and the console show
/// them: `ruri.user prefix "44"`, `NOT flag FROM_TRUSTED`, `relay to group core`.
class RuleDescription
{
public:
    static QString describe(const Condition& condition);
    static QString describe(const Action& action);
};

} // namespace tollgate
