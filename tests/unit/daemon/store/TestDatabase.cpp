#include "store/Database.h"
#include "store/Statement.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void execAndQuery();
    void queryWithoutRowYieldsZero();
    void errorsNameFileOperationAndMessage();
    void prepareRefusesSeveralStatements();
    void missingFileIsNotCreatedReadOnly();
    void readOnlyConnectionRefusesWrites();
    void immutableOpenCreatesNoFile_data();
    void immutableOpenCreatesNoFile();
    void closedDatabaseReportsIt();

private:
    QString createWalDatabase(const QString& name);

    QTemporaryDir m_directory;
};

void TestDatabase::init()
{
    QVERIFY(m_directory.isValid());
}

QString TestDatabase::createWalDatabase(const QString& name)
{
    const QString path = m_directory.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    Database database;
    QString error;
    if (!database.open(path, Database::OpenMode::ReadWriteCreate, &error) ||
        !database.exec(QStringLiteral("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (42);"),
                       QStringLiteral("create"), &error))
        qWarning("%s", qPrintable(error));
    return path;
}

void TestDatabase::execAndQuery()
{
    Database database;
    QString error;
    QVERIFY2(database.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error), qPrintable(error));
    QVERIFY(database.isOpen());
    QVERIFY2(database.exec(QStringLiteral("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a'); INSERT INTO t VALUES "
                                          "('b\u00e9');"),
                           QStringLiteral("fill"), &error),
             qPrintable(error));
    QCOMPARE(database.lastInsertRowId(), 2);
    qint64 count = 0;
    QVERIFY2(database.queryInteger(QStringLiteral("SELECT count(*) FROM t"), &count, &error), qPrintable(error));
    QCOMPARE(count, 2);
    QString text;
    QVERIFY2(database.queryText(QStringLiteral("SELECT x FROM t WHERE rowid = 2"), &text, &error), qPrintable(error));
    QCOMPARE(text, QStringLiteral("b\u00e9"));
    QVERIFY(!database.inTransaction());
    QVERIFY(!database.isReadOnly());
}

void TestDatabase::queryWithoutRowYieldsZero()
{
    Database database;
    QString error;
    QVERIFY(database.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error));
    QVERIFY(database.exec(QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("create"), &error));
    qint64 value = 7;
    QString text = QStringLiteral("stale");
    QVERIFY(database.queryInteger(QStringLiteral("SELECT x FROM t"), &value, &error));
    QVERIFY(database.queryText(QStringLiteral("SELECT x FROM t"), &text, &error));
    QCOMPARE(value, 0);
    QVERIFY(text.isEmpty());
}

void TestDatabase::errorsNameFileOperationAndMessage()
{
    const QString path = m_directory.filePath(QStringLiteral("errors.db"));
    Database database;
    QString error;
    QVERIFY(database.open(path, Database::OpenMode::ReadWriteCreate, &error));
    QVERIFY(!database.exec(QStringLiteral("CREAT TABLE t (x)"), QStringLiteral("cannot create table t"), &error));
    QCOMPARE(error, path + QStringLiteral(": cannot create table t: near \"CREAT\": syntax error"));
    QCOMPARE(database.lastErrorCode(), 1); // SQLITE_ERROR

    Statement statement;
    QVERIFY(!database.prepare(QStringLiteral("SELECT x FROM nowhere"), &statement, &error));
    QCOMPARE(error, path + QStringLiteral(": cannot prepare \"SELECT x FROM nowhere\": no such table: nowhere"));
    QVERIFY(!statement.isValid());

    qint64 value = 0;
    QVERIFY(!database.queryInteger(QStringLiteral("SELECT 1 FROM missing"), &value, &error));
    QVERIFY2(error.endsWith(QStringLiteral("no such table: missing")), qPrintable(error));
}

void TestDatabase::prepareRefusesSeveralStatements()
{
    Database database;
    QString error;
    QVERIFY(database.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error));
    Statement statement;
    QVERIFY(!database.prepare(QStringLiteral("SELECT 1; SELECT 2"), &statement, &error));
    QVERIFY2(error.endsWith(QStringLiteral("more than one statement")), qPrintable(error));
    QVERIFY2(database.prepare(QStringLiteral("SELECT 1;  \n"), &statement, &error), qPrintable(error));
    QVERIFY(statement.isValid());
}

void TestDatabase::missingFileIsNotCreatedReadOnly()
{
    const QString path = m_directory.filePath(QStringLiteral("missing.db"));
    Database database;
    QString error;
    QVERIFY(!database.open(path, Database::OpenMode::ReadOnly, &error));
    QCOMPARE(error, QStringLiteral("cannot open %1: unable to open database file").arg(path));
    QVERIFY(!database.isOpen());
    QVERIFY(!QFile::exists(path));
}

void TestDatabase::readOnlyConnectionRefusesWrites()
{
    const QString path = createWalDatabase(QStringLiteral("readonly.db"));
    Database database;
    QString error;
    QVERIFY2(database.open(path, Database::OpenMode::ReadOnly, &error), qPrintable(error));
    QVERIFY(database.isReadOnly());
    QVERIFY(!database.exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("cannot insert"), &error));
    QVERIFY2(error.endsWith(QStringLiteral("attempt to write a readonly database")), qPrintable(error));
}

void TestDatabase::immutableOpenCreatesNoFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("plain.db");
    // The immutable mode goes through a file: URI: characters special in URIs must stay literal.
    QTest::newRow("URI characters") << QStringLiteral("dir with space/a?b#c%20d.db");
}

void TestDatabase::immutableOpenCreatesNoFile()
{
    QFETCH(QString, name);
    const QString path = createWalDatabase(name);
    QVERIFY(QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    const QByteArray before = [&] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();

    Database database;
    QString error;
    QVERIFY2(database.open(path, Database::OpenMode::ReadOnlyImmutable, &error), qPrintable(error));
    qint64 value = 0;
    QVERIFY2(database.queryInteger(QStringLiteral("SELECT x FROM t"), &value, &error), qPrintable(error));
    QCOMPARE(value, 42);
    QVERIFY(database.isReadOnly());
    database.close();

    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestDatabase::closedDatabaseReportsIt()
{
    Database database;
    QString error;
    QVERIFY(database.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error));
    database.close();
    database.close();
    QVERIFY(!database.isOpen());
    QVERIFY(!database.exec(QStringLiteral("SELECT 1"), QStringLiteral("cannot select"), &error));
    QCOMPARE(error, QStringLiteral(":memory:: cannot select: database is not open"));
    Statement statement;
    QVERIFY(!database.prepare(QStringLiteral("SELECT 1"), &statement, &error));
    QVERIFY2(error.endsWith(QStringLiteral("database is not open")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
