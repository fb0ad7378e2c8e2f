#include "StoreTestRows.h"

#include "store/Database.h"
#include "store/Migrator.h"
#include "store/Statement.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using tollgate::test::rowsOf;

namespace {

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

/// The schema as SQLite records it, for before/after comparisons.
QStringList schemaOf(const Database& database)
{
    return rowsOf(database, QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
}

} // namespace

class TestMigrator : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void embeddedMigrationsLoad();
    void badDirectoriesAreRefused_data();
    void badDirectoriesAreRefused();
    void freshDatabaseGetsEveryMigration();
    void upToDateDatabaseIsLeftAlone();
    void laterMigrationAppliesOnTop();
    void failingMigrationChangesNothing_data();
    void failingMigrationChangesNothing();
    void newerDatabaseIsRefused();
    void historyMustMatch();

private:
    /// A migration directory with this build's 0001 plus `extra` files (name -> SQL).
    QString migrationDirectory(const QList<std::pair<QString, QByteArray>>& extra);
    bool openMemory(Database* database);

    QTemporaryDir m_directory;
    int m_directoryCount = 0;
};

void TestMigrator::init()
{
    QVERIFY(m_directory.isValid());
}

QString TestMigrator::migrationDirectory(const QList<std::pair<QString, QByteArray>>& extra)
{
    const QString path = m_directory.filePath(QStringLiteral("migrations-%1").arg(++m_directoryCount));
    QDir().mkpath(path);
    QFile first(QStringLiteral(":/db/migrations/0001_ruleset_and_revisions.sql"));
    Migrator embedded; // Registers the embedded resources.
    if (!first.open(QIODevice::ReadOnly) ||
        !writeFile(path + QStringLiteral("/0001_ruleset_and_revisions.sql"), first.readAll()))
        qWarning("cannot copy migration 0001 to %s", qPrintable(path));
    for (const auto& [name, sql] : extra)
        writeFile(path + QLatin1Char('/') + name, sql);
    return path;
}

bool TestMigrator::openMemory(Database* database)
{
    QString error;
    if (!database->open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestMigrator::embeddedMigrationsLoad()
{
    Migrator migrator;
    QString error;
    QVERIFY2(migrator.load(&error), qPrintable(error));
    QVERIFY(migrator.latestVersion() >= 1);
    QCOMPARE(migrator.migrations().first().version, 1);
    QCOMPARE(migrator.migrations().first().name, QStringLiteral("ruleset_and_revisions"));
    QCOMPARE(migrator.migrations().first().fileName, QStringLiteral("0001_ruleset_and_revisions.sql"));
    QVERIFY(migrator.migrations().first().sql.contains("CREATE TABLE revisions"));
    for (int index = 0; index < migrator.migrations().size(); ++index)
        QCOMPARE(migrator.migrations()[index].version, index + 1);
}

void TestMigrator::badDirectoriesAreRefused_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("gap") << QStringLiteral("0003_audit_log.sql")
                         << QStringLiteral("migration 0002 expected, found 0003_audit_log.sql");
    QTest::newRow("duplicate") << QStringLiteral("0001_other.sql")
                               << QStringLiteral("migration 0002 expected, found 0001_");
    QTest::newRow("bad name") << QStringLiteral("0002-Audit.sql")
                              << QStringLiteral(
                                     "0002-Audit.sql: migration files must be named NNNN_lower_snake_case.sql");
    QTest::newRow("stray file") << QStringLiteral("README") << QStringLiteral("README: migration files must be named");
}

void TestMigrator::badDirectoriesAreRefused()
{
    QFETCH(QString, fileName);
    QFETCH(QString, expectedError);
    Migrator migrator(migrationDirectory({{fileName, QByteArray("SELECT 1;")}}));
    QString error;
    QVERIFY(!migrator.load(&error));
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    QVERIFY(migrator.migrations().isEmpty());

    Migrator missing(m_directory.filePath(QStringLiteral("no-such-directory")));
    QVERIFY(!missing.load(&error));
    QVERIFY2(error.endsWith(QStringLiteral("no-such-directory does not exist")), qPrintable(error));
}

void TestMigrator::freshDatabaseGetsEveryMigration()
{
    Database database;
    QVERIFY(openMemory(&database));
    Migrator migrator;
    QString error;
    QVERIFY2(migrator.load(&error), qPrintable(error));
    int applied = -1;
    QVERIFY2(migrator.migrate(database, &applied, &error), qPrintable(error));
    QCOMPARE(applied, migrator.latestVersion());

    int version = 0;
    QVERIFY(Migrator::schemaVersion(database, &version, &error));
    QCOMPARE(version, migrator.latestVersion());
    const QStringList history = rowsOf(database, QStringLiteral("SELECT version, name, applied_at FROM "
                                                                "schema_migrations ORDER BY version"));
    QCOMPARE(history.size(), migrator.latestVersion());
    static const QRegularExpression timestamp(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    for (int index = 0; index < history.size(); ++index) {
        const QStringList columns = history[index].split(QLatin1Char('|'));
        QCOMPARE(columns[0].toInt(), index + 1);
        QCOMPARE(columns[1], migrator.migrations()[index].name);
        QVERIFY2(timestamp.match(columns[2]).hasMatch(), qPrintable(columns[2]));
    }
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA application_id")),
             QStringList({QString::number(Migrator::ApplicationId)}));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA foreign_key_check")), QStringList());
    QVERIFY(!database.inTransaction());
}

void TestMigrator::upToDateDatabaseIsLeftAlone()
{
    Database database;
    QVERIFY(openMemory(&database));
    Migrator migrator;
    QString error;
    QVERIFY(migrator.load(&error));
    QVERIFY(migrator.migrate(database, nullptr, &error));
    const QStringList history = rowsOf(database, QStringLiteral("SELECT * FROM schema_migrations"));
    int applied = -1;
    QVERIFY2(migrator.migrate(database, &applied, &error), qPrintable(error));
    QCOMPARE(applied, 0);
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM schema_migrations")), history);
}

void TestMigrator::laterMigrationAppliesOnTop()
{
    // What adding 0002 looks like: a new file, applied to a schema-1 database with its data.
    const QString directory = migrationDirectory(
        {{QStringLiteral("0002_audit_log.sql"),
          QByteArray("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, revision_id INTEGER REFERENCES revisions (id));\n"
                     "INSERT INTO audit_log (revision_id) SELECT id FROM revisions;\n")}});
    Database database;
    QVERIFY(openMemory(&database));
    QString error;
    Migrator first(migrationDirectory({}));
    QVERIFY(first.load(&error));
    QVERIFY(first.migrate(database, nullptr, &error));
    QVERIFY2(database.exec(QStringLiteral("INSERT INTO revisions (created_at, author, ruleset_json, checksum, "
                                          "size_bytes) VALUES ('2024-01-01T00:00:00.000Z', 'alice', '{}', "
                                          "printf('%064d', 0), 2)"),
                           QStringLiteral("insert"), &error),
             qPrintable(error));

    Migrator second(directory);
    QVERIFY(second.load(&error));
    QVERIFY2(second.checkHistory(database, &error), qPrintable(error));
    int applied = 0;
    QVERIFY2(second.migrate(database, &applied, &error), qPrintable(error));
    QCOMPARE(applied, 1);
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA user_version")), QStringList({QStringLiteral("2")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT version, name FROM schema_migrations ORDER BY version")),
             QStringList({QStringLiteral("1|ruleset_and_revisions"), QStringLiteral("2|audit_log")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT revision_id FROM audit_log")), QStringList({QStringLiteral("1")}));
}

void TestMigrator::failingMigrationChangesNothing_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("syntax error half way")
        << QByteArray("CREATE TABLE first_half (x);\nCREAT TABLE second_half (y);\n")
        << QStringLiteral("migration 0002_broken.sql failed (the database stays at schema version 1): near \"CREAT\"");
    QTest::newRow("commits by itself")
        << QByteArray("CREATE TABLE early (x);\nCOMMIT;\nCREATE TABLE late (y);\n")
        << QStringLiteral("migration 0002_broken.sql failed (the database stays at schema version 1): not authorized");
    QTest::newRow("foreign key violation")
        << QByteArray("INSERT INTO active_revision VALUES (1, 99, 'now', 'x', 1);\n")
        << QStringLiteral("it leaves a row of table active_revision (rowid 1) referring to a missing row of revisions");
    QTest::newRow("constraint violation") << QByteArray("INSERT INTO schema_migrations VALUES (0, 'zero', 'now');\n")
                                          << QStringLiteral("CHECK constraint failed");
}

void TestMigrator::failingMigrationChangesNothing()
{
    QFETCH(QByteArray, sql);
    QFETCH(QString, expectedError);
    Database database;
    QVERIFY(openMemory(&database));
    QString error;
    Migrator first(migrationDirectory({}));
    QVERIFY(first.load(&error));
    QVERIFY(first.migrate(database, nullptr, &error));
    QVERIFY(database.exec(QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("enable"), &error));
    const QStringList schema = schemaOf(database);
    const QStringList history = rowsOf(database, QStringLiteral("SELECT * FROM schema_migrations"));

    Migrator broken(migrationDirectory({{QStringLiteral("0002_broken.sql"), sql}}));
    QVERIFY(broken.load(&error));
    int applied = -1;
    QVERIFY(!broken.migrate(database, &applied, &error));
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    QCOMPARE(applied, 0);
    QVERIFY(!database.inTransaction());
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA user_version")), QStringList({QStringLiteral("1")}));
    QCOMPARE(schemaOf(database), schema);
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM schema_migrations")), history);
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(*) FROM active_revision")),
             QStringList({QStringLiteral("0")}));
    // Foreign key enforcement is restored after migrating, successful or not.
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA foreign_keys")), QStringList({QStringLiteral("1")}));
}

void TestMigrator::newerDatabaseIsRefused()
{
    Database database;
    QVERIFY(openMemory(&database));
    QString error;
    QVERIFY(database.exec(QStringLiteral("PRAGMA user_version = 7"), QStringLiteral("stamp"), &error));
    Migrator migrator;
    QVERIFY(migrator.load(&error));
    QVERIFY(!migrator.migrate(database, nullptr, &error));
    QCOMPARE(error, QStringLiteral(":memory: has schema version 7 but this tollgated knows up to %1")
                        .arg(migrator.latestVersion()));
    QCOMPARE(schemaOf(database), QStringList());
}

void TestMigrator::historyMustMatch()
{
    Database database;
    QVERIFY(openMemory(&database));
    QString error;
    Migrator renamed(migrationDirectory({{QStringLiteral("0002_branch_feature.sql"), QByteArray("SELECT 1;")}}));
    QVERIFY(renamed.load(&error));
    QVERIFY(renamed.migrate(database, nullptr, &error));

    Migrator ours(migrationDirectory({{QStringLiteral("0002_audit_log.sql"), QByteArray("SELECT 1;")}}));
    QVERIFY(ours.load(&error));
    QVERIFY(!ours.checkHistory(database, &error));
    QCOMPARE(error, QStringLiteral(":memory: was migrated by a different tollgated build: its migration 2 is "
                                   "\"branch_feature\" but this build's is \"audit_log\""));

    QVERIFY(database.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = 1"), QStringLiteral("delete"),
                          &error));
    QVERIFY(!ours.checkHistory(database, &error));
    QVERIFY2(error.contains(QStringLiteral("has schema version 2 but no record of migration 1")), qPrintable(error));

    Database fresh;
    QVERIFY(openMemory(&fresh));
    QVERIFY2(ours.checkHistory(fresh, &error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestMigrator)
#include "TestMigrator.moc"
