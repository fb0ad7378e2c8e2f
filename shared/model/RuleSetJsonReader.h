#pragma once

#include "JsonReadProblems.h"
#include "LazyPath.h"
#include "RuleSet.h"

#include <QJsonObject>

namespace tollgate {

/// Maps a parsed ruleset document (docs/ruleset-format.md) onto the model, checking its shape
/// only: the format name and version, the count limits (RuleSetLimits), required keys, types,
/// enumeration values and unknown keys, each reported with its path. Optional members that are
/// absent take the model's defaults. The meaning (names, references, ranges) is left to
/// RuleSetValidator.
class RuleSetJsonReader
{
public:
    explicit RuleSetJsonReader(JsonReadProblems* problems);

    /// Reads `document` into `*ruleSet`. A document of another format or a newer version, or
    /// one over a count limit, is refused before its content is read. Success is
    /// problems->isEmpty() afterwards.
    void read(const QJsonObject& document, RuleSet* ruleSet);

private:
    bool checkFormatAndVersion(const QJsonObject& document);
    bool checkCountLimits(const QJsonObject& document);
    bool expectObject(const QJsonValue& value, const LazyPath& path, QJsonObject* object);

    FlagDefinition readFlag(const QJsonValue& value, int position);
    Carrier readCarrier(const QJsonValue& value, int position);
    CarrierAddress readAddress(const QJsonValue& value, const QString& path);
    IpMapping readMapping(const QJsonValue& value, const QString& path);
    DestinationGroup readGroup(const QJsonValue& value, int position);
    Destination readDestination(const QJsonValue& value, const QString& path);
    ProbeSettings readProbe(const QJsonObject& object, const QString& path);
    CacheDefinition readCache(const QJsonValue& value, int position);
    Route readRoute(const QJsonValue& value, int position);
    Rule readRule(const QJsonValue& value, const QString& path);
    Condition readCondition(const QJsonValue& value, const LazyPath& path);
    Action readAction(const QJsonValue& value, const LazyPath& path);

    JsonReadProblems* m_problems;
};

} // namespace tollgate
