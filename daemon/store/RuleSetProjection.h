#pragma once

#include <QString>
#include <QStringList>

namespace tollgate {

class Database;
struct RuleSet;

/// The active ruleset as normalized tables (flags, carriers, carrier_addresses, ...; see
/// docs/database.md), for DBAs and reports. The tables are derived data: the revision's JSON is
/// the source of truth, and tollgated never reads them to route.
class RuleSetProjection
{
public:
    /// The projection tables, parents before children.
    static QStringList tableNames();

    /// Replaces the content of every projection table with `ruleSet`. Call inside the write
    /// transaction that activates the revision, so that the tables always show the active one.
    static bool write(Database& database, const RuleSet& ruleSet, QString* error);

    /// Every row of every projection table as one line of text (`table|value|value|...`, values
    /// in SQL literal form), sorted: two databases hold the same projection exactly when their
    /// dumps are equal. For consistency checks.
    static bool dump(const Database& database, QStringList* rows, QString* error);
};

} // namespace tollgate
