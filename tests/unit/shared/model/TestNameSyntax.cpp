#include "model/NameSyntax.h"

#include <QTest>

using namespace tollgate;

class TestNameSyntax : public QObject
{
    Q_OBJECT

private slots:
    void styles_data();
    void styles();
    void suggestions_data();
    void suggestions();
};

void TestNameSyntax::styles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("upperSnake");
    QTest::addColumn<bool>("lowerKebab");
    QTest::addColumn<bool>("lowerSnake");
    QTest::newRow("flag") << QStringLiteral("INTERNALLY_SOURCED") << true << false << false;
    QTest::newRow("route with digits") << QStringLiteral("ROUTE_2") << true << false << false;
    QTest::newRow("carrier") << QStringLiteral("demo-carrier") << false << true << false;
    QTest::newRow("leading digit") << QStringLiteral("3carrier") << false << true << false;
    QTest::newRow("variable") << QStringLiteral("previous_hop") << false << false << true;
    QTest::newRow("single lower letter") << QStringLiteral("a") << false << true << true;
    QTest::newRow("empty") << QString() << false << false << false;
    QTest::newRow("leading underscore") << QStringLiteral("_MAIN") << false << false << false;
    QTest::newRow("leading hyphen") << QStringLiteral("-core") << false << false << false;
    QTest::newRow("mixed case") << QStringLiteral("Main") << false << false << false;
    QTest::newRow("space") << QStringLiteral("acme telecom") << false << false << false;
    QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9") << false << false << false;
}

void TestNameSyntax::styles()
{
    QFETCH(QString, name);
    QTEST(NameSyntax::isUpperSnakeCase(name), "upperSnake");
    QTEST(NameSyntax::isLowerKebabCase(name), "lowerKebab");
    QTEST(NameSyntax::isLowerSnakeCase(name), "lowerSnake");
}

void TestNameSyntax::suggestions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("upperSnake");
    QTest::addColumn<QString>("lowerKebab");
    QTest::addColumn<QString>("lowerSnake");
    QTest::newRow("kebab to others") << QStringLiteral("internally-sourced") << QStringLiteral("INTERNALLY_SOURCED")
                                     << QStringLiteral("internally-sourced") << QStringLiteral("internally_sourced");
    QTest::newRow("words and punctuation")
        << QStringLiteral("  Acme Telecom (UK) ") << QStringLiteral("ACME_TELECOM_UK")
        << QStringLiteral("acme-telecom-uk") << QStringLiteral("acme_telecom_uk");
    QTest::newRow("leading digit") << QStringLiteral("2nd route") << QString() << QStringLiteral("2nd-route")
                                   << QString();
    QTest::newRow("nothing usable") << QStringLiteral("--") << QString() << QString() << QString();
    QTest::newRow("too long") << QString(65, QLatin1Char('a')) << QString() << QString() << QString();
}

void TestNameSyntax::suggestions()
{
    QFETCH(QString, name);
    QTEST(NameSyntax::toUpperSnakeCase(name), "upperSnake");
    QTEST(NameSyntax::toLowerKebabCase(name), "lowerKebab");
    QTEST(NameSyntax::toLowerSnakeCase(name), "lowerSnake");
}

QTEST_GUILESS_MAIN(TestNameSyntax)
#include "TestNameSyntax.moc"
