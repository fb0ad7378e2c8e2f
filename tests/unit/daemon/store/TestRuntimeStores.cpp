// Tests of the stores for runtime state (schema 0002: destination administrative state and
// state changes) and the audit log (schema 0003), on a real migrated SQLite file.
#include "FakeClock.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/DestinationStateStore.h"
#include "store/RuleStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

class TestRuntimeStores : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void adminStateIsSavedAndSurvivesReopening();
    void healthChangesAreLoggedButNotSavedAsAdminState();
    void changesAreListedNewestFirstAndPerDestination();
    void auditEntriesAreAppendedAndFiltered();
    void auditLogCannotBeEdited();

private:
    QTemporaryDir* m_directory = nullptr;
    test::FakeClock m_clock{1'700'000'000'000};
    RuleStore* m_store = nullptr;
    QString path() const { return m_directory->filePath(QStringLiteral("tollgate.db")); }
};

void TestRuntimeStores::init()
{
    m_clock.set(1'700'000'000'000);
    m_directory = new QTemporaryDir;
    m_store = new RuleStore(m_clock);
    QString error;
    QVERIFY2(m_store->open(path(), &error), qPrintable(error));
}

void TestRuntimeStores::cleanup()
{
    delete m_store;
    m_store = nullptr;
    delete m_directory;
    m_directory = nullptr;
}

void TestRuntimeStores::adminStateIsSavedAndSurvivesReopening()
{
    QString error;
    {
        DestinationStateStore states(m_store->database());
        const DestinationStateStore::StateChange change{0,          m_clock.nowMs(), QStringLiteral("core"),
                                                        QStringLiteral("sip:10.0.0.10:5060"),
                                                        QStringLiteral("admin"), QStringLiteral("enabled"),
                                                        QStringLiteral("disabled"), QStringLiteral("maintenance"),
                                                        QStringLiteral("alice")};
        QVERIFY2(states.recordChange(change, &error), qPrintable(error));
    }
    delete m_store;
    m_store = new RuleStore(m_clock);
    QVERIFY2(m_store->open(path(), &error), qPrintable(error));
    DestinationStateStore states(m_store->database());
    QList<DestinationStateStore::AdminState> loaded;
    QVERIFY2(states.loadAdminStates(&loaded, &error), qPrintable(error));
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded[0].group, QStringLiteral("core"));
    QCOMPARE(loaded[0].uri, QStringLiteral("sip:10.0.0.10:5060"));
    QCOMPARE(loaded[0].state, QStringLiteral("disabled"));
    QCOMPARE(loaded[0].reason, QStringLiteral("maintenance"));
    QCOMPARE(loaded[0].changedBy, QStringLiteral("alice"));
    QCOMPARE(loaded[0].changedAtMs, m_clock.nowMs());
}

void TestRuntimeStores::healthChangesAreLoggedButNotSavedAsAdminState()
{
    DestinationStateStore states(m_store->database());
    QString error;
    QVERIFY2(states.recordChange({0, m_clock.nowMs(), QStringLiteral("core"), QStringLiteral("sip:10.0.0.11"),
                                  QStringLiteral("health"), QStringLiteral("up"), QStringLiteral("down"),
                                  QStringLiteral("no answer within 2000 ms"), QStringLiteral("tollgated")},
                                 &error),
             qPrintable(error));
    QList<DestinationStateStore::AdminState> loaded;
    QVERIFY(states.loadAdminStates(&loaded, &error));
    QVERIFY(loaded.isEmpty());
    QList<DestinationStateStore::StateChange> changes;
    QVERIFY(states.changes({}, {}, 10, &changes, &error));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes[0].toState, QStringLiteral("down"));
    QCOMPARE(changes[0].reason, QStringLiteral("no answer within 2000 ms"));
}

void TestRuntimeStores::changesAreListedNewestFirstAndPerDestination()
{
    DestinationStateStore states(m_store->database());
    QString error;
    for (int i = 0; i < 4; ++i) {
        m_clock.advance(1000);
        const QString uri = i % 2 ? QStringLiteral("sip:10.0.0.11") : QStringLiteral("sip:10.0.0.10");
        QVERIFY(states.recordChange({0, m_clock.nowMs(), QStringLiteral("core"), uri, QStringLiteral("health"),
                                     QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("change %1").arg(i),
                                     QStringLiteral("tollgated")},
                                    &error));
    }
    QList<DestinationStateStore::StateChange> changes;
    QVERIFY(states.changes({}, {}, 3, &changes, &error));
    QCOMPARE(changes.size(), 3);
    QCOMPARE(changes[0].reason, QStringLiteral("change 3"));
    QVERIFY(states.changes(QStringLiteral("core"), QStringLiteral("sip:10.0.0.10"), 10, &changes, &error));
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[0].reason, QStringLiteral("change 2"));
    QCOMPARE(changes[1].reason, QStringLiteral("change 0"));
}

void TestRuntimeStores::auditEntriesAreAppendedAndFiltered()
{
    AuditLog audit(m_store->database(), m_clock);
    QString error;
    AuditLog::Entry entry;
    QVERIFY2(audit.append(QStringLiteral("alice"), QStringLiteral("rules.apply"), QStringLiteral("revision 2"),
                          QStringLiteral("ok"), {{QStringLiteral("comment"), QStringLiteral("new carrier")}}, &entry,
                          &error),
             qPrintable(error));
    QVERIFY(entry.id > 0);
    m_clock.advance(60'000);
    QVERIFY(audit.append(QStringLiteral("bob"), QStringLiteral("destinations.disable"), QStringLiteral("core/core-a"),
                         QStringLiteral("ok"), {}, nullptr, &error));
    QVERIFY(audit.append(QStringLiteral("tollgated"), QStringLiteral("destinations.health"),
                         QStringLiteral("core/core-b"), QStringLiteral("ok"), {}, nullptr, &error));

    QList<AuditLog::Entry> entries;
    QVERIFY(audit.list({}, &entries, &error));
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].user, QStringLiteral("tollgated"));
    QCOMPARE(entries[2].details.value(QStringLiteral("comment")).toString(), QStringLiteral("new carrier"));

    AuditLog::Filter byUser;
    byUser.user = QStringLiteral("bob");
    QVERIFY(audit.list(byUser, &entries, &error));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].target, QStringLiteral("core/core-a"));

    AuditLog::Filter byPrefix;
    byPrefix.action = QStringLiteral("destinations.");
    QVERIFY(audit.list(byPrefix, &entries, &error));
    QCOMPARE(entries.size(), 2);

    AuditLog::Filter since;
    since.sinceMs = m_clock.nowMs();
    QVERIFY(audit.list(since, &entries, &error));
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[1].toJson().value(QStringLiteral("time")).toString(),
             QStringLiteral("2023-11-14T22:14:20.000Z"));
}

void TestRuntimeStores::auditLogCannotBeEdited()
{
    AuditLog audit(m_store->database(), m_clock);
    QString error;
    QVERIFY(audit.append(QStringLiteral("alice"), QStringLiteral("calls.end"), QStringLiteral("abc@host"),
                         QStringLiteral("ok"), {}, nullptr, &error));
    QVERIFY(!m_store->database().exec(QStringLiteral("UPDATE audit_log SET user = 'mallory'"), QStringLiteral("edit"),
                                      &error));
    QVERIFY2(error.contains(QStringLiteral("append-only")), qPrintable(error));
    QVERIFY(!m_store->database().exec(QStringLiteral("DELETE FROM audit_log"), QStringLiteral("delete"), &error));
    QVERIFY2(error.contains(QStringLiteral("append-only")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRuntimeStores)
#include "TestRuntimeStores.moc"
