#pragma once

#include "CacheDefinition.h"
#include "Carrier.h"
#include "DestinationGroup.h"
#include "FlagDefinition.h"
#include "Rule.h"

#include <QList>
#include <QString>

namespace tollgate {

/// Version of the ruleset JSON format this build reads and writes (docs/ruleset-format.md).
constexpr int RuleSetFormatVersion = 1;

/// Name of the route every initial request enters.
inline constexpr char16_t MainRouteName[] = u"MAIN";

/// The whole routing configuration: what an operator edits, validates, applies and rolls back.
/// Plain data with no behaviour; validation lives in RuleSetValidator and evaluation in the
/// daemon's rule engine.
struct RuleSet
{
    QList<FlagDefinition> flags;
    QList<Carrier> carriers;
    QList<DestinationGroup> groups;
    QList<CacheDefinition> caches;
    QList<Route> routes;

    bool operator==(const RuleSet&) const = default;

    const Route* findRoute(const QString& name) const;
    const DestinationGroup* findGroup(const QString& name) const;
    const Carrier* findCarrier(const QString& name) const;
    const CacheDefinition* findCache(const QString& name) const;
    const FlagDefinition* findFlag(const QString& name) const;
};

/// Flags the classifier sets before the rules run. They need no declaration and may not be
/// redeclared.
QStringList builtInFlagNames();

} // namespace tollgate
