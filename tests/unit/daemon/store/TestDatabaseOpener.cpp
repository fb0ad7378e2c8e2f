#include "StoreTestRows.h"

#include "TestPaths.h"
#include "store/Database.h"
#include "store/DatabaseOpener.h"
#include "store/Migrator.h"
#include "store/RuleStore.h"
#include "store/Statement.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace tollgate;
using tollgate::test::rowsOf;

// Migration tests with fixtures, in tests/data/migrations/:
//  - current-schema.sql: the schema every database must have after migrating (sqlite_master's
//    SQL, ordered by type and name, plus user_version and application_id).
//  - schema-N.sql: a SQL script that builds a populated database of schema version N, as left by
//    a tollgated of that version. Every schema-N.sql found is migrated to the current version.
//  - schema-N.checks.sql (optional): queries that must each return 1 on the migrated database,
//    for what a migration must do to that data.
// Adding migration 0002 means: add schema-1.sql's successor schema-2.sql (from a database at
// version 2), keep schema-1.sql, and regenerate current-schema.sql (a mismatch writes the actual
// schema next to the test binary, to review and copy).

namespace {

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

QByteArray fileContent(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The schema in the form of current-schema.sql.
QString schemaText(const Database& database)
{
    QString text =
        QStringLiteral("-- The schema tollgated creates and migrates every database to (see TestDatabaseOpener).\n");
    text +=
        QStringLiteral("-- user_version %1\n").arg(rowsOf(database, QStringLiteral("PRAGMA user_version")).value(0));
    text += QStringLiteral("-- application_id %1\n")
                .arg(rowsOf(database, QStringLiteral("PRAGMA application_id")).value(0));
    Statement statement;
    QString error;
    if (!database.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"),
                          &statement, &error))
        return error;
    while (statement.step() == Statement::StepResult::Row)
        text += QLatin1Char('\n') + statement.columnText(0) + QStringLiteral(";\n");
    return text;
}

/// Builds a database file from a SQL script (a fixture), in rollback-journal mode so that the
/// file alone holds it.
bool buildDatabase(const QString& path, const QByteArray& script, QString* error)
{
    Database database;
    return database.open(path, Database::OpenMode::ReadWriteCreate, error) &&
           database.exec(QString::fromUtf8(script), QStringLiteral("cannot build the fixture"), error);
}

/// Runs every statement of a checks file; each must return exactly one row whose value is 1.
bool runChecks(const Database& database, const QByteArray& checks, QString* failure)
{
    const char* next = checks.constData();
    while (next && *next) {
        sqlite3_stmt* statement = nullptr;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(database.handle(), next, -1, &statement, &tail) != SQLITE_OK) {
            *failure = QString::fromUtf8(sqlite3_errmsg(database.handle()));
            return false;
        }
        if (statement) {
            const QString sql = QString::fromUtf8(sqlite3_sql(statement));
            const bool holds = sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_int64(statement, 0) == 1;
            sqlite3_finalize(statement);
            if (!holds) {
                *failure = QStringLiteral("check failed: ") + sql;
                return false;
            }
        }
        next = tail;
    }
    return true;
}

int latestVersion()
{
    Migrator migrator;
    QString error;
    return migrator.load(&error) ? migrator.latestVersion() : -1;
}

} // namespace

class TestDatabaseOpener : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void freshDatabase_data();
    void freshDatabase();
    void upgradesEveryEarlierSchema_data();
    void upgradesEveryEarlierSchema();
    void refusedFilesAreNotModified_data();
    void refusedFilesAreNotModified();
    void unusablePathsAreReported_data();
    void unusablePathsAreReported();
    void readsCommitsStillInTheWal();
    void recoversAnInterruptedRollbackJournal();
    void failedMigrationLeavesTheFileUsable();

private:
    void compareWithCurrentSchema(const Database& database);
    QString populatedDatabase(const QString& name);

    QTemporaryDir m_directory;
};

void TestDatabaseOpener::init()
{
    QVERIFY(m_directory.isValid());
}

void TestDatabaseOpener::compareWithCurrentSchema(const Database& database)
{
    const QString expected =
        QString::fromUtf8(test::readFile(test::dataPath(QStringLiteral("migrations/current-schema.sql"))));
    const QString actual = schemaText(database);
    if (actual != expected) {
        const QString actualPath =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("actual-schema.sql"));
        writeFile(actualPath, actual.toUtf8());
        QFAIL(qPrintable(QStringLiteral("the schema differs from tests/data/migrations/current-schema.sql; the "
                                        "actual one is in %1")
                             .arg(actualPath)));
    }
}

QString TestDatabaseOpener::populatedDatabase(const QString& name)
{
    const QString path = m_directory.filePath(name);
    QFile::remove(path);
    QString error;
    if (!buildDatabase(path, test::readFile(test::dataPath(QStringLiteral("migrations/schema-1.sql"))), &error))
        qWarning("%s", qPrintable(error));
    return path;
}

void TestDatabaseOpener::freshDatabase_data()
{
    QTest::addColumn<bool>("fileExists");
    QTest::newRow("schema 0: no file") << false;
    QTest::newRow("schema 0: empty file") << true;
}

void TestDatabaseOpener::freshDatabase()
{
    QFETCH(bool, fileExists);
    const QString path = m_directory.filePath(QStringLiteral("fresh.db"));
    QFile::remove(path);
    if (fileExists)
        QVERIFY(writeFile(path, QByteArray()));

    DatabaseOpener opener;
    Database database;
    QString error;
    QVERIFY2(opener.open(path, &database, &error), qPrintable(error));
    QCOMPARE(opener.migrationsApplied(), latestVersion());
    QCOMPARE(opener.schemaVersion(), latestVersion());
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA journal_mode")), QStringList({QStringLiteral("wal")}));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA synchronous")), QStringList({QStringLiteral("2")})); // FULL
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA foreign_keys")), QStringList({QStringLiteral("1")}));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA integrity_check")), QStringList({QStringLiteral("ok")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(*) FROM schema_migrations")),
             QStringList({QString::number(latestVersion())}));
    compareWithCurrentSchema(database);

    // Opening it again migrates nothing.
    database.close();
    QVERIFY2(opener.open(path, &database, &error), qPrintable(error));
    QCOMPARE(opener.migrationsApplied(), 0);
}

void TestDatabaseOpener::upgradesEveryEarlierSchema_data()
{
    QTest::addColumn<QString>("fixture");
    const QDir directory(test::dataPath(QStringLiteral("migrations")));
    static const QRegularExpression fixtureName(QStringLiteral("^schema-(\\d+)\\.sql$"));
    int found = 0;
    for (const QString& name : directory.entryList(QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch match = fixtureName.match(name);
        if (!match.hasMatch())
            continue;
        QVERIFY2(match.captured(1).toInt() <= latestVersion(),
                 qPrintable(name + QStringLiteral(" is from the future")));
        QTest::newRow(qPrintable(name)) << directory.filePath(name);
        ++found;
    }
    // Every version that shipped has a fixture (schema 0 is the fresh database above).
    QCOMPARE(found, latestVersion());
}

void TestDatabaseOpener::upgradesEveryEarlierSchema()
{
    QFETCH(QString, fixture);
    const QString path = m_directory.filePath(QFileInfo(fixture).completeBaseName() + QStringLiteral(".db"));
    QString error;
    QVERIFY2(buildDatabase(path, test::readFile(fixture), &error), qPrintable(error));
    QStringList revisionsBefore;
    QStringList historyBefore;
    {
        Database before;
        QVERIFY(before.open(path, Database::OpenMode::ReadOnly, &error));
        revisionsBefore = rowsOf(before, QStringLiteral("SELECT * FROM revisions ORDER BY id"));
        historyBefore = rowsOf(before, QStringLiteral("SELECT * FROM schema_migrations ORDER BY version"));
    }
    QVERIFY(!revisionsBefore.isEmpty());

    DatabaseOpener opener;
    Database database;
    QVERIFY2(opener.open(path, &database, &error), qPrintable(error));
    QCOMPARE(opener.schemaVersion(), latestVersion());
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA integrity_check")), QStringList({QStringLiteral("ok")}));
    compareWithCurrentSchema(database);
    // Revisions are append-only forever: every migration keeps them as they were.
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM revisions ORDER BY id")), revisionsBefore);
    const QStringList history = rowsOf(database, QStringLiteral("SELECT * FROM schema_migrations ORDER BY version"));
    QCOMPARE(history.size(), latestVersion());
    QCOMPARE(history.mid(0, historyBefore.size()), historyBefore);

    const QString checksPath = QString(fixture).replace(QStringLiteral(".sql"), QStringLiteral(".checks.sql"));
    if (QFile::exists(checksPath)) {
        QString failure;
        QVERIFY2(runChecks(database, test::readFile(checksPath), &failure), qPrintable(failure));
    }
    database.close();

    // The store works on the migrated file: the active revision loads and the projection matches.
    RuleStore store;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
    Revision active;
    QVERIFY2(store.loadActive(&active, &error), qPrintable(error));
    QVERIFY(!active.ruleSet.routes.isEmpty());
}

void TestDatabaseOpener::refusedFilesAreNotModified_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");
    const QString notSqlite = QStringLiteral("%1 is not a Tollgate database (not SQLite): file is not a database; it "
                                             "was not modified");
    QTest::newRow("garbage") << QStringLiteral("garbage") << notSqlite;
    QTest::newRow("text") << QStringLiteral("text") << notSqlite;
    QTest::newRow("newer schema") << QStringLiteral("newer")
                                  << QStringLiteral(
                                         "%1 has schema version 7 but this tollgated knows up to %2: upgrade "
                                         "tollgated, the database was not modified")
                                         .arg(QStringLiteral("%1"), QString::number(latestVersion()));
    QTest::newRow("truncated") << QStringLiteral("truncated") << QStringLiteral("%1 is corrupt: ");
    QTest::newRow("smashed page") << QStringLiteral("smashed") << QStringLiteral("%1 is corrupt: ");
    QTest::newRow("another application's database")
        << QStringLiteral("foreign")
        << QStringLiteral("%1 is a SQLite database but not a Tollgate one (application_id 0, schema version 0): check "
                          "the path; it was not modified");
    QTest::newRow("another application id")
        << QStringLiteral("foreign-id")
        << QStringLiteral("%1 is a SQLite database but not a Tollgate one (application_id 42, schema version 0)");
    QTest::newRow("different migration history")
        << QStringLiteral("history")
        << QStringLiteral("%1 was migrated by a different tollgated build: its migration 1 is \"initial\" but this "
                          "build's is \"ruleset_and_revisions\"; the database was not modified");
}

void TestDatabaseOpener::refusedFilesAreNotModified()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);
    const QString path = m_directory.filePath(kind + QStringLiteral(".db"));
    QString error;
    if (kind == u"garbage") {
        QByteArray bytes(16384, '\0');
        for (int index = 0; index < bytes.size(); ++index)
            bytes[index] = char((index * 7919 + 13) % 251);
        QVERIFY(writeFile(path, bytes));
    } else if (kind == u"text") {
        QVERIFY(writeFile(path, "routes:\n  MAIN: []\n"));
    } else if (kind == u"newer") {
        QVERIFY(buildDatabase(path,
                              test::readFile(test::dataPath(QStringLiteral("migrations/schema-1.sql"))) +
                                  "\nPRAGMA user_version = 7;\n",
                              &error));
    } else if (kind == u"truncated") {
        QByteArray bytes = fileContent(populatedDatabase(QStringLiteral("populated.db")));
        QVERIFY(bytes.size() >= 8 * 4096);
        bytes.truncate(bytes.size() / 2);
        QVERIFY(writeFile(path, bytes));
    } else if (kind == u"smashed") {
        QByteArray bytes = fileContent(populatedDatabase(QStringLiteral("populated.db")));
        const int pageSize = 4096;
        QVERIFY(bytes.size() >= 8 * pageSize);
        // Page 3 is a table's root page (page 1 holds sqlite_master): overwrite it with noise.
        for (int offset = 2 * pageSize; offset < 3 * pageSize; ++offset)
            bytes[offset] = char((offset * 31) % 256);
        QVERIFY(writeFile(path, bytes));
    } else if (kind == u"foreign") {
        QVERIFY(buildDatabase(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);", &error));
    } else if (kind == u"foreign-id") {
        QVERIFY(buildDatabase(path, "PRAGMA application_id = 42;", &error));
    } else if (kind == u"history") {
        QVERIFY(buildDatabase(path,
                              test::readFile(test::dataPath(QStringLiteral("migrations/schema-1.sql"))) +
                                  "\nUPDATE schema_migrations SET name = 'initial' WHERE version = 1;\n",
                              &error));
    }
    const QByteArray before = fileContent(path);
    QVERIFY(!before.isEmpty());

    DatabaseOpener opener;
    Database database;
    QVERIFY(!opener.open(path, &database, &error));
    QVERIFY(!database.isOpen());
    const QString expected = QString(expectedError).replace(QStringLiteral("%1"), path);
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.startsWith(expected), qPrintable(QStringLiteral("%1\nexpected: %2").arg(error, expected)));
    QVERIFY2(error.contains(QStringLiteral("not modified")), qPrintable(error));

    QCOMPARE(fileContent(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void TestDatabaseOpener::unusablePathsAreReported_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("directory") << QStringLiteral("a-directory")
                               << QStringLiteral("%1 is a directory, not a database file");
    QTest::newRow("parent is a file") << QStringLiteral("a-file/tollgate.db")
                                      << QStringLiteral("cannot open %1: %2/a-file is not a directory");
    QTest::newRow("missing directory") << QStringLiteral("missing/tollgate.db")
                                       << QStringLiteral("cannot open %1: directory %2/missing does not exist");
}

void TestDatabaseOpener::unusablePathsAreReported()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, expectedError);
    QDir(m_directory.path()).mkpath(QStringLiteral("a-directory"));
    QVERIFY(writeFile(m_directory.filePath(QStringLiteral("a-file")), "not a directory"));
    const QString path = m_directory.filePath(relativePath);

    DatabaseOpener opener;
    Database database;
    QString error;
    QVERIFY(!opener.open(path, &database, &error));
    QCOMPARE(
        error,
        QString(expectedError).replace(QStringLiteral("%1"), path).replace(QStringLiteral("%2"), m_directory.path()));
    QVERIFY(!QFile::exists(m_directory.filePath(QStringLiteral("missing"))));
}

void TestDatabaseOpener::readsCommitsStillInTheWal()
{
    // A daemon that has the file open (or was killed) leaves commits in the -wal file: the checks
    // must read through it, not the main file alone.
    const QString path = m_directory.filePath(QStringLiteral("busy.db"));
    DatabaseOpener opener;
    Database running;
    QString error;
    QVERIFY2(opener.open(path, &running, &error), qPrintable(error));
    QVERIFY(running.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0; INSERT INTO revisions (created_at, author, "
                                        "ruleset_json, checksum, size_bytes) VALUES ('t', 'alice', '{}', "
                                        "printf('%064d', 0), 2)"),
                         QStringLiteral("insert"), &error));
    QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);

    Database second;
    QVERIFY2(opener.open(path, &second, &error), qPrintable(error));
    QCOMPARE(rowsOf(second, QStringLiteral("SELECT author FROM revisions")), QStringList({QStringLiteral("alice")}));
}

void TestDatabaseOpener::recoversAnInterruptedRollbackJournal()
{
    // A crash inside a rollback-journal transaction leaves half-written pages in the file and a
    // hot journal beside it. Copying both while a transaction is open reproduces that state. A
    // read-only check cannot read it ("attempt to write a readonly database"): SQLite must first
    // roll the transaction back.
    const QString original = populatedDatabase(QStringLiteral("journal-original.db"));
    const QString path = m_directory.filePath(QStringLiteral("hot-journal.db"));
    Database writer;
    QString error;
    QVERIFY2(writer.open(original, Database::OpenMode::ReadWriteCreate, &error), qPrintable(error));
    QVERIFY2(writer.exec(QStringLiteral("PRAGMA cache_size = 1; BEGIN; "
                                        "UPDATE active_revision SET activated_by = 'mallory'; "
                                        "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                                        "INSERT INTO schema_migrations SELECT i, hex(randomblob(2000)), 'x' FROM n;"),
                         QStringLiteral("write"), &error),
             qPrintable(error));
    QVERIFY(QFileInfo(original + QStringLiteral("-journal")).size() > 0);
    QVERIFY(QFile::copy(original, path));
    QVERIFY(QFile::copy(original + QStringLiteral("-journal"), path + QStringLiteral("-journal")));
    QVERIFY(writer.exec(QStringLiteral("ROLLBACK"), QStringLiteral("rollback"), &error));
    writer.close();

    DatabaseOpener opener;
    Database database;
    QVERIFY2(opener.open(path, &database, &error), qPrintable(error));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(*) FROM schema_migrations")),
             QStringList({QString::number(latestVersion())}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT activated_by FROM active_revision")),
             QStringList({QStringLiteral("alice")}));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA integrity_check")), QStringList({QStringLiteral("ok")}));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA journal_mode")), QStringList({QStringLiteral("wal")}));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void TestDatabaseOpener::failedMigrationLeavesTheFileUsable()
{
    const QString migrations = m_directory.filePath(QStringLiteral("migrations"));
    QDir().mkpath(migrations);
    Migrator embedded;
    QString error;
    QVERIFY(embedded.load(&error));
    for (const Migration& migration : embedded.migrations())
        QVERIFY(writeFile(migrations + QLatin1Char('/') + migration.fileName, migration.sql));
    const QString broken =
        migrations + QStringLiteral("/%1_broken.sql").arg(latestVersion() + 1, 4, 10, QLatin1Char('0'));
    QVERIFY(writeFile(broken, "CREATE TABLE half (x);\nSELECT no_such_function();\n"));

    const QString path = m_directory.filePath(QStringLiteral("upgrade.db"));
    DatabaseOpener opener;
    Database database;
    opener.setMigrationsDirectory(migrations);
    QVERIFY(!opener.open(path, &database, &error));
    QVERIFY2(error.contains(QStringLiteral("_broken.sql failed (the database stays at schema version %1): no such "
                                           "function: no_such_function")
                                .arg(latestVersion())),
             qPrintable(error));
    QVERIFY(!database.isOpen());

    DatabaseOpener current;
    QVERIFY2(current.open(path, &database, &error), qPrintable(error));
    QCOMPARE(current.schemaVersion(), latestVersion());
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'half'")),
             QStringList({QStringLiteral("0")}));
}

QTEST_GUILESS_MAIN(TestDatabaseOpener)
#include "TestDatabaseOpener.moc"
