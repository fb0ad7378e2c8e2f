#pragma once

#include "ValidationContext.h"

namespace tollgate {

/// Checks the definitions of a ruleset that rules refer to: flags, carriers (with their
/// addresses and IP mappings), destination groups (with destinations and probing) and caches.
/// Internal to RuleSetValidator; the messages are listed in docs/ruleset-format.md.
class DefinitionValidator
{
public:
    explicit DefinitionValidator(ValidationContext* context);

    void checkFlags();
    void checkCarriers();
    void checkGroups();
    void checkCaches();

private:
    void checkCarrierAddresses(const Carrier& carrier, const QString& path, QHash<QString, QString>* claims);
    void checkCarrierMappings(const Carrier& carrier, const QString& path);
    void checkDestinations(const DestinationGroup& group, const QString& path);
    void checkProbe(const ProbeSettings& probe, const QString& path);

    ValidationContext* m_context;
};

} // namespace tollgate
