#pragma once

#include "Database.h"
#include "Revision.h"
#include "core/Clock.h"
#include "model/Diagnostic.h"
#include "model/RuleSetDiff.h"

#include <QList>
#include <QString>

namespace tollgate {

/// The ruleset store: every applied ruleset as a revision, which one is active, and the active
/// one's normalized projection, in Tollgate's SQLite database (docs/database.md).
///
/// Every change (apply, rollback, the starter ruleset) is one write transaction that validates,
/// inserts the revision, activates it and rewrites the projection: on any error nothing in the
/// database changes, and once a call returned true the change survives a crash or kill -9.
/// History is never rewritten: a rollback creates a new revision.
///
/// Applying a ruleset identical to the active one is allowed and creates a new revision: the
/// author and comment record an intent (a re-apply after an audit, a CI run), and a caller that
/// wants "nothing to do" compares its ruleset with loadActive()'s first.
///
/// Not thread-safe; one RuleStore per thread. Several processes may share the file (the daemon
/// and an offline `tollgated --import`): writers wait for each other up to the busy timeout.
class RuleStore
{
public:
    /// Uses the system clock for revision timestamps.
    RuleStore();
    /// Uses `clock` (which must outlive the store) for revision timestamps.
    explicit RuleStore(const Clock& clock);
    RuleStore(const RuleStore&) = delete;
    RuleStore& operator=(const RuleStore&) = delete;

    /// Migrations to use instead of the embedded ones; call before open(). For upgrade tests.
    void setMigrationsDirectory(const QString& directory) { m_migrationsDirectory = directory; }
    /// How long a write waits for another process's lock; call before open(). Default 5 s.
    void setBusyTimeoutMs(int milliseconds) { m_busyTimeoutMs = milliseconds; }

    /// Opens (creating and migrating as needed) the database at `path`, with the checks of
    /// DatabaseOpener: a corrupt file, a file that is not a Tollgate database or one with a newer
    /// schema is refused, unmodified. After a migration, rewrites the projection of the active
    /// revision (a migration may have rebuilt the projection tables).
    bool open(const QString& path, QString* error);
    bool isOpen() const { return m_database.isOpen(); }
    /// The connection, for other stores sharing the file (runtime state, audit log).
    Database& database() { return m_database; }

    /// When the database holds no revision yet, applies the embedded starter ruleset
    /// (:/resources/starter-ruleset.json) as revision 1 with the comment "starter ruleset".
    /// *created (may be null) tells whether it did.
    bool ensureStarterRuleSet(const QString& author, bool* created, QString* error);

    /// Validates `ruleSet` (RuleSetValidator) and, when it has no error, stores it as a new
    /// revision and activates it, in one transaction. *diagnostics receives the validator's
    /// findings (warnings also on success) or, on a storage failure, one error saying why.
    /// *revision (may be null) receives the new revision's id. What is stored, activated and
    /// projected is the canonical form (RuleSetJson; named entities ordered by name), which
    /// means the same as `ruleSet`.
    bool apply(const RuleSet& ruleSet, const QString& author, const QString& comment, int* revision,
               Diagnostics* diagnostics);

    /// Creates and activates a new revision equal to revision `revision` (rolled_back_from set
    /// to it). An empty comment becomes "rollback to revision N". Refused when that revision is
    /// missing, damaged, or no longer passes this build's validation (the error says why).
    bool rollback(int revision, const QString& author, const QString& comment, int* newRevision, QString* error);

    /// Every revision's metadata, newest first.
    bool revisions(QList<RevisionInfo>* revisions, QString* error) const;
    /// One revision with its ruleset. Fails with a clear error when it does not exist, when its
    /// JSON no longer matches its checksum, or when it does not parse.
    bool revision(int id, Revision* revision, QString* error) const;
    /// Which revision is live. Fails when none is (no ruleset applied yet).
    bool activeRevision(ActiveRevision* active, QString* error) const;
    /// The live revision with its ruleset: what the daemon loads at start.
    bool loadActive(Revision* revision, QString* error) const;
    /// The structured difference from revision `from` to revision `to`.
    bool diff(int from, int to, QList<RuleSetChange>* changes, QString* error) const;

    /// A full consistency check, for `tollgated --check-db` and the crash tests: PRAGMA
    /// integrity_check, every revision's checksum, the active revision exists and parses, and
    /// the projection tables equal the projection of the active revision.
    bool checkConsistency(QString* error) const;

private:
    /// Inserts a revision, activates it and rewrites the projection, in one transaction.
    /// `onlyIfEmpty`: do nothing (and set *revision to 0) when a revision exists already.
    bool commitRevision(const RuleSet& ruleSet, const QByteArray& json, const QString& author, const QString& comment,
                        int rolledBackFrom, bool onlyIfEmpty, int* revision, QString* error);
    /// Checks the author and the size, and produces the canonical JSON and the ruleset it reads
    /// back as (the one to activate and project).
    bool prepareForCommit(const RuleSet& ruleSet, const QString& author, QByteArray* json, RuleSet* canonical,
                          QString* error) const;
    bool rewriteStaleProjection(QString* error);
    bool readRevision(int id, Revision* revision, QString* error) const;
    bool readActiveRevision(ActiveRevision* active, bool* found, QString* error) const;
    bool checkOpen(QString* error) const;
    QString nowText() const;

    SystemClock m_systemClock;
    const Clock* m_clock;
    QString m_migrationsDirectory;
    int m_busyTimeoutMs = 5000;
    int m_schemaVersion = 0;
    /// Mutable: the const readers open read transactions (consistent snapshots) on it.
    mutable Database m_database;
};

} // namespace tollgate
