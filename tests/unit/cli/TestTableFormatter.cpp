#include "ctl/TableFormatter.h"

#include <QTest>

using namespace tollgate;

class TestTableFormatter : public QObject
{
    Q_OBJECT

private slots:
    void alignsColumns();
    void rightAlignment();
    void headerOnlyWhenEmpty();
    void missingCellsAreEmptyAndNoTrailingSpaces();
    void maxWidthCutsWithEllipsis();
    void widthCountsCharactersNotBytes();
    void newlinesInCellsDoNotBreakRows();
};

void TestTableFormatter::alignsColumns()
{
    TableFormatter table({QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("URI")});
    table.addRow({QStringLiteral("core-a"), QStringLiteral("enabled"), QStringLiteral("sip:192.0.2.10")});
    table.addRow({QStringLiteral("b"), QStringLiteral("draining"), QStringLiteral("sip:192.0.2.11:5080")});
    QCOMPARE(table.rowCount(), 2);
    QCOMPARE(table.toString(), QStringLiteral("NAME    STATE     URI\n"
                                              "core-a  enabled   sip:192.0.2.10\n"
                                              "b       draining  sip:192.0.2.11:5080\n"));
}

void TestTableFormatter::rightAlignment()
{
    TableFormatter table({QStringLiteral("CARRIER"), QStringLiteral("ACTIVE")});
    table.setAlignment(1, TableFormatter::Alignment::Right);
    table.addRow({QStringLiteral("acme"), QStringLiteral("7")});
    table.addRow({QStringLiteral("globex"), QStringLiteral("1234567")});
    QCOMPARE(table.toString(), QStringLiteral("CARRIER   ACTIVE\n"
                                              "acme           7\n"
                                              "globex   1234567\n"));
}

void TestTableFormatter::headerOnlyWhenEmpty()
{
    TableFormatter table({QStringLiteral("A"), QStringLiteral("B")});
    QCOMPARE(table.toString(), QStringLiteral("A  B\n"));
}

void TestTableFormatter::missingCellsAreEmptyAndNoTrailingSpaces()
{
    TableFormatter table({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
    table.addRow({QStringLiteral("x")});
    table.addRow({QStringLiteral("long value"), QString(), QStringLiteral("z")});
    const QString text = table.toString();
    QCOMPARE(text, QStringLiteral("A           B  C\n"
                                  "x\n"
                                  "long value     z\n"));
    for (const QString& line : text.split(QLatin1Char('\n')))
        QVERIFY(!line.endsWith(QLatin1Char(' ')));
}

void TestTableFormatter::maxWidthCutsWithEllipsis()
{
    TableFormatter table({QStringLiteral("CALL-ID"), QStringLiteral("STATE")});
    table.setMaxWidth(0, 8);
    table.addRow({QStringLiteral("a84b4c76e66710@pc33.example.com"), QStringLiteral("ringing")});
    table.addRow({QStringLiteral("short"), QStringLiteral("ended")});
    QCOMPARE(table.toString(), QStringLiteral("CALL-ID   STATE\n"
                                              "a84b4c7\u2026  ringing\n"
                                              "short     ended\n"));
}

void TestTableFormatter::widthCountsCharactersNotBytes()
{
    TableFormatter table({QStringLiteral("USER"), QStringLiteral("N")});
    table.addRow({QStringLiteral("J\u00fcrgen"), QStringLiteral("1")});
    table.addRow({QStringLiteral("\U0001F4DEcall"), QStringLiteral("2")});
    QCOMPARE(table.toString(), QStringLiteral("USER    N\n"
                                              "J\u00fcrgen  1\n"
                                              "\U0001F4DEcall   2\n"));
}

void TestTableFormatter::newlinesInCellsDoNotBreakRows()
{
    TableFormatter table({QStringLiteral("COMMENT")});
    table.addRow({QStringLiteral("two\nlines\tand a tab")});
    QCOMPARE(table.toString(), QStringLiteral("COMMENT\ntwo lines and a tab\n"));
}

QTEST_GUILESS_MAIN(TestTableFormatter)
#include "TestTableFormatter.moc"
