#include "RuleSet.h"

namespace tollgate {

namespace {
template <typename T>
const T* findByName(const QList<T>& list, const QString& name)
{
    for (const T& item : list) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}
} // namespace

const Route* RuleSet::findRoute(const QString& name) const { return findByName(routes, name); }
const DestinationGroup* RuleSet::findGroup(const QString& name) const { return findByName(groups, name); }
const Carrier* RuleSet::findCarrier(const QString& name) const { return findByName(carriers, name); }
const CacheDefinition* RuleSet::findCache(const QString& name) const { return findByName(caches, name); }
const FlagDefinition* RuleSet::findFlag(const QString& name) const { return findByName(flags, name); }

QStringList builtInFlagNames()
{
    return {QStringLiteral("FROM_CARRIER"), QStringLiteral("FROM_TRUSTED"), QStringLiteral("IN_DIALOG")};
}

} // namespace tollgate
