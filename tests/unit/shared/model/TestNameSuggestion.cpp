#include "model/NameSuggestion.h"

#include <QTest>

using namespace tollgate;

class TestNameSuggestion : public QObject
{
    Q_OBJECT

private slots:
    void editDistance_data();
    void editDistance();
    void editDistanceIsSymmetric();
    void suggestName_data();
    void suggestName();
};

void TestNameSuggestion::editDistance_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("distance");
    QTest::newRow("both empty") << QString() << QString() << 0;
    QTest::newRow("one empty") << QStringLiteral("abc") << QString() << 3;
    QTest::newRow("equal") << QStringLiteral("MAIN") << QStringLiteral("MAIN") << 0;
    QTest::newRow("case is ignored") << QStringLiteral("Options") << QStringLiteral("OPTIONS") << 0;
    QTest::newRow("insertion") << QStringLiteral("INTERNALY_SOURCED") << QStringLiteral("INTERNALLY_SOURCED") << 1;
    QTest::newRow("deletion") << QStringLiteral("routes") << QStringLiteral("route") << 1;
    QTest::newRow("substitution") << QStringLiteral("methd") << QStringLiteral("meth0") << 1;
    QTest::newRow("transposition") << QStringLiteral("MIAN") << QStringLiteral("MAIN") << 1;
    QTest::newRow("transposition ignores case") << QStringLiteral("Mian") << QStringLiteral("MAIN") << 1;
    QTest::newRow("classic") << QStringLiteral("kitten") << QStringLiteral("sitting") << 3;
    QTest::newRow("non-ASCII") << QStringLiteral("\u00c9T\u00c9") << QStringLiteral("\u00e9t\u00e9") << 0;
}

void TestNameSuggestion::editDistance()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, distance);
    QCOMPARE(tollgate::editDistance(a, b), distance);
}

void TestNameSuggestion::editDistanceIsSymmetric()
{
    const QStringList words{QStringLiteral("flag"),
                            QStringLiteral("flags"),
                            QStringLiteral("lfag"),
                            QStringLiteral("FROM_CARRIER"),
                            QString(),
                            QStringLiteral("carrier")};
    for (const QString& a : words) {
        for (const QString& b : words)
            QCOMPARE(tollgate::editDistance(a, b), tollgate::editDistance(b, a));
    }
}

void TestNameSuggestion::suggestName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QString>("suggestion");
    const QStringList flags{QStringLiteral("FROM_CARRIER"), QStringLiteral("INTERNALLY_SOURCED"),
                            QStringLiteral("IN_DIALOG")};
    QTest::newRow("typo") << QStringLiteral("INTERNALY_SOURCED") << flags << QStringLiteral("INTERNALLY_SOURCED");
    QTest::newRow("nothing close") << QStringLiteral("NIGHT_MODE") << flags << QString();
    QTest::newRow("no candidates") << QStringLiteral("MAIN") << QStringList() << QString();
    QTest::newRow("case only") << QStringLiteral("main") << QStringList{QStringLiteral("MAIN")}
                               << QStringLiteral("MAIN");
    QTest::newRow("short names allow one edit")
        << QStringLiteral("ab") << QStringList{QStringLiteral("ax")} << QStringLiteral("ax");
    QTest::newRow("short names allow no more")
        << QStringLiteral("ab") << QStringList{QStringLiteral("xy")} << QString();
    QTest::newRow("at most three edits") << QStringLiteral("CARRIER_FROM_X")
                                         << QStringList{QStringLiteral("CARRIER_FROM_XYZWV")} << QString();
    QTest::newRow("three edits are close enough")
        << QStringLiteral("CARRIER_FROM_X") << QStringList{QStringLiteral("CARRIER_FROM_XYZW")}
        << QStringLiteral("CARRIER_FROM_XYZW");
    QTest::newRow("closest wins") << QStringLiteral("relya")
                                  << QStringList{QStringLiteral("reply"), QStringLiteral("relay")}
                                  << QStringLiteral("relay");
    QTest::newRow("first of equals wins")
        << QStringLiteral("replay") << QStringList{QStringLiteral("reply"), QStringLiteral("relay")}
        << QStringLiteral("reply");
}

void TestNameSuggestion::suggestName()
{
    QFETCH(QString, name);
    QFETCH(QStringList, candidates);
    QFETCH(QString, suggestion);
    QCOMPARE(tollgate::suggestName(name, candidates), suggestion);
}

QTEST_GUILESS_MAIN(TestNameSuggestion)
#include "TestNameSuggestion.moc"
