#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>

namespace tollgate {

class Clock;
class Database;

/// The audit log (schema 0003): every change made to a running Tollgate, who made it, when, on
/// what, and how it ended. Append-only in the schema itself. Main thread only.
class AuditLog
{
public:
    struct Entry
    {
        std::int64_t id = 0;
        std::int64_t timeMs = 0;
        QString user;   ///< Unix user of the control client, or "tollgated" for automatic changes.
        QString action; ///< The control method or automatic action, e.g. "rules.apply".
        QString target; ///< What it acted on, e.g. "revision 12", "core/core-a".
        QString result; ///< "ok", "refused" or "failed"
        QJsonObject details;

        QJsonObject toJson() const;
    };

    struct Filter
    {
        int limit = 100;
        std::int64_t sinceMs = 0; ///< Entries at or after this time; 0 = all.
        QString user;
        QString action; ///< Exact action, or a prefix ending in '.' ("destinations.").
        QString target;
    };

    AuditLog(Database& database, const Clock& clock);

    /// Appends an entry stamped with the clock's time; *entry (may be null) receives it.
    bool append(const QString& user, const QString& action, const QString& target, const QString& result,
                const QJsonObject& details, Entry* entry, QString* error);
    /// Matching entries, newest first.
    bool list(const Filter& filter, QList<Entry>* entries, QString* error) const;

private:
    Database& m_database;
    const Clock& m_clock;
};

} // namespace tollgate
