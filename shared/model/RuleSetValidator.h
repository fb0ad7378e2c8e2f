#pragma once

#include "Diagnostic.h"
#include "RuleSet.h"

namespace tollgate {

/// Checks the meaning of a ruleset before anything goes live and reports every problem at once,
/// each with its path and a hint, e.g.
/// `route MAIN › rule "options" › action 2: unknown flag INTERNALY_SOURCED (did you mean INTERNALLY_SOURCED?)`.
/// Errors make a ruleset unusable; warnings (rules that can never run, ...) do not.
class RuleSetValidator
{
public:
    static Diagnostics validate(const RuleSet& ruleSet);
};

} // namespace tollgate
