#include "store/Database.h"
#include "store/Transaction.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

class TestTransaction : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void commitKeepsTheChange();
    void destructionRollsBack();
    void explicitRollback();
    void commitWithoutBeginFails();
    void writeTransactionWaitsThenFailsWhenLocked();
    void readTransactionIsASnapshot();

private:
    bool openConnection(Database* database);
    qint64 rowCount(const Database& database);

    QTemporaryDir m_directory;
    QString m_path;
};

void TestTransaction::init()
{
    QVERIFY(m_directory.isValid());
    m_path = m_directory.filePath(QStringLiteral("transaction-%1.db").arg(QLatin1String(QTest::currentTestFunction())));
    Database database;
    QString error;
    QVERIFY2(openConnection(&database) && database.exec(QStringLiteral("PRAGMA journal_mode = WAL; CREATE TABLE t (x)"),
                                                        QStringLiteral("create"), &error),
             qPrintable(error));
}

bool TestTransaction::openConnection(Database* database)
{
    QString error;
    if (!database->open(m_path, Database::OpenMode::ReadWriteCreate, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

qint64 TestTransaction::rowCount(const Database& database)
{
    qint64 count = -1;
    QString error;
    if (!database.queryInteger(QStringLiteral("SELECT count(*) FROM t"), &count, &error))
        qWarning("%s", qPrintable(error));
    return count;
}

void TestTransaction::commitKeepsTheChange()
{
    Database database;
    QVERIFY(openConnection(&database));
    QString error;
    {
        Transaction transaction(database);
        QVERIFY2(transaction.begin(&error), qPrintable(error));
        QVERIFY(transaction.isActive());
        QVERIFY(database.inTransaction());
        QVERIFY(database.exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("insert"), &error));
        QVERIFY2(transaction.commit(&error), qPrintable(error));
        QVERIFY(!transaction.isActive());
    }
    QVERIFY(!database.inTransaction());
    Database other;
    QVERIFY(openConnection(&other));
    QCOMPARE(rowCount(other), 1);
}

void TestTransaction::destructionRollsBack()
{
    Database database;
    QVERIFY(openConnection(&database));
    QString error;
    {
        Transaction transaction(database);
        QVERIFY(transaction.begin(&error));
        QVERIFY(database.exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("insert"), &error));
        QCOMPARE(rowCount(database), 1);
    }
    QVERIFY(!database.inTransaction());
    QCOMPARE(rowCount(database), 0);
}

void TestTransaction::explicitRollback()
{
    Database database;
    QVERIFY(openConnection(&database));
    QString error;
    Transaction transaction(database);
    QVERIFY(transaction.begin(&error));
    QVERIFY(database.exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("insert"), &error));
    transaction.rollback();
    QVERIFY(!transaction.isActive());
    QCOMPARE(rowCount(database), 0);
    transaction.rollback(); // Harmless when nothing is open.
    QVERIFY(!database.inTransaction());
}

void TestTransaction::commitWithoutBeginFails()
{
    Database database;
    QVERIFY(openConnection(&database));
    Transaction transaction(database);
    QString error;
    QVERIFY(!transaction.commit(&error));
    QCOMPARE(error, m_path + QStringLiteral(": cannot commit: no transaction is open"));
}

void TestTransaction::writeTransactionWaitsThenFailsWhenLocked()
{
    Database holder;
    Database waiter;
    QVERIFY(openConnection(&holder));
    QVERIFY(openConnection(&waiter));
    waiter.setBusyTimeout(150);
    QString error;
    Transaction held(holder);
    QVERIFY(held.begin(&error));

    Transaction blocked(waiter);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!blocked.begin(&error));
    QVERIFY2(timer.elapsed() >= 140, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(error, m_path + QStringLiteral(": cannot begin a write transaction: database is locked"));
    QVERIFY(!blocked.isActive());

    held.rollback();
    QVERIFY2(blocked.begin(&error), qPrintable(error));
}

void TestTransaction::readTransactionIsASnapshot()
{
    Database reader;
    Database writer;
    QVERIFY(openConnection(&reader));
    QVERIFY(openConnection(&writer));
    QString error;
    Transaction snapshot(reader, Transaction::Mode::Read);
    QVERIFY(snapshot.begin(&error));
    QCOMPARE(rowCount(reader), 0); // The snapshot starts with the first read.

    QVERIFY(writer.exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("insert"), &error));
    QCOMPARE(rowCount(writer), 1);
    QCOMPARE(rowCount(reader), 0);
    QVERIFY(snapshot.commit(&error));
    QCOMPARE(rowCount(reader), 1);
}

QTEST_GUILESS_MAIN(TestTransaction)
#include "TestTransaction.moc"
