#include "store/Database.h"
#include "store/Statement.h"

#include <QTest>
#include <limits>

using namespace tollgate;

class TestStatement : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void bindAndReadBack_data();
    void bindAndReadBack();
    void stepReportsRowsThenDone();
    void executeReportsConstraintViolations();
    void failedBindIsReportedByStep();
    void resetAllowsReuse();
    void moveTransfersTheStatement();

private:
    Database m_database;
};

void TestStatement::init()
{
    QString error;
    QVERIFY2(m_database.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error) &&
                 m_database.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, value, UNIQUE (value))"),
                                 QStringLiteral("create"), &error),
             qPrintable(error));
}

void TestStatement::bindAndReadBack_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("empty") << QString();
    QTest::newRow("non-ascii") << QStringLiteral("r\u00e9seau \u203a \u65e5\u672c");
    QTest::newRow("quotes and NUL-free control") << QStringLiteral("it's \"quoted\"\n\ttab");
}

void TestStatement::bindAndReadBack()
{
    QFETCH(QString, text);
    QString error;
    Statement insert;
    QVERIFY2(m_database.prepare(QStringLiteral("INSERT INTO t (value) VALUES (?1)"), &insert, &error),
             qPrintable(error));
    insert.bindText(1, text);
    QVERIFY2(insert.execute(QStringLiteral("cannot insert"), &error), qPrintable(error));

    Statement select;
    QVERIFY2(m_database.prepare(QStringLiteral("SELECT value, typeof(value) FROM t"), &select, &error),
             qPrintable(error));
    QCOMPARE(select.step(), Statement::StepResult::Row);
    QCOMPARE(select.columnText(0), text);
    QCOMPARE(select.columnBytes(0), text.toUtf8());
    QCOMPARE(select.columnText(1), QStringLiteral("text")); // An empty QString is '' and not NULL.
    QVERIFY(!select.columnIsNull(0));
}

void TestStatement::stepReportsRowsThenDone()
{
    QString error;
    Statement insert;
    QVERIFY(m_database.prepare(QStringLiteral("INSERT INTO t (value) VALUES (?1)"), &insert, &error));
    const qint64 large = std::numeric_limits<qint64>::max();
    insert.bindInteger(1, large);
    QVERIFY(insert.execute(QStringLiteral("insert"), &error));
    insert.reset();
    insert.bindNull(1);
    QVERIFY(insert.execute(QStringLiteral("insert"), &error));

    Statement select;
    QVERIFY(m_database.prepare(QStringLiteral("SELECT id, value FROM t ORDER BY id"), &select, &error));
    QCOMPARE(select.columnCount(), 2);
    QCOMPARE(select.step(), Statement::StepResult::Row);
    QCOMPARE(select.columnInteger(1), large);
    QCOMPARE(select.step(), Statement::StepResult::Row);
    QVERIFY(select.columnIsNull(1));
    QCOMPARE(select.step(), Statement::StepResult::Done);
}

void TestStatement::executeReportsConstraintViolations()
{
    QString error;
    Statement insert;
    QVERIFY(m_database.prepare(QStringLiteral("INSERT INTO t (value) VALUES ('same')"), &insert, &error));
    QVERIFY(insert.execute(QStringLiteral("first insert"), &error));
    insert.reset();
    QVERIFY(!insert.execute(QStringLiteral("cannot insert the second row"), &error));
    QCOMPARE(error, QStringLiteral(":memory:: cannot insert the second row: UNIQUE constraint failed: t.value"));
}

void TestStatement::failedBindIsReportedByStep()
{
    QString error;
    Statement insert;
    QVERIFY(m_database.prepare(QStringLiteral("INSERT INTO t (value) VALUES (?1)"), &insert, &error));
    insert.bindInteger(1, 5);
    insert.bindInteger(3, 7); // No parameter 3.
    QCOMPARE(insert.step(), Statement::StepResult::Error);
    QVERIFY(!insert.execute(QStringLiteral("cannot insert"), &error));
    QCOMPARE(error, QStringLiteral(":memory:: cannot insert: cannot bind a parameter: column index out of range"));
    qint64 count = -1;
    QVERIFY(m_database.queryInteger(QStringLiteral("SELECT count(*) FROM t"), &count, &error));
    QCOMPARE(count, 0); // Nothing ran.

    insert.reset(); // Forgets the failed bind.
    insert.bindInteger(1, 5);
    QVERIFY2(insert.execute(QStringLiteral("insert"), &error), qPrintable(error));
}

void TestStatement::resetAllowsReuse()
{
    QString error;
    Statement insert;
    QVERIFY(m_database.prepare(QStringLiteral("INSERT INTO t (value) VALUES (?1)"), &insert, &error));
    for (int value = 1; value <= 3; ++value) {
        insert.reset();
        insert.bindInteger(1, value);
        QVERIFY2(insert.execute(QStringLiteral("insert"), &error), qPrintable(error));
    }
    qint64 sum = 0;
    QVERIFY(m_database.queryInteger(QStringLiteral("SELECT sum(value) FROM t"), &sum, &error));
    QCOMPARE(sum, 6);
}

void TestStatement::moveTransfersTheStatement()
{
    QString error;
    Statement first;
    QVERIFY(m_database.prepare(QStringLiteral("SELECT 5"), &first, &error));
    Statement second(std::move(first));
    QVERIFY(!first.isValid()); // NOLINT(bugprone-use-after-move): the moved-from state is the contract.
    QVERIFY(second.isValid());
    Statement third;
    third = std::move(second);
    QCOMPARE(third.step(), Statement::StepResult::Row);
    QCOMPARE(third.columnInteger(0), 5);
    QCOMPARE(first.step(), Statement::StepResult::Error);
}

QTEST_GUILESS_MAIN(TestStatement)
#include "TestStatement.moc"
