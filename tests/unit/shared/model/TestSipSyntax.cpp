#include "model/SipSyntax.h"

#include <QTest>

using namespace tollgate;

class TestSipSyntax : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data();
    void tokens();
    void uriUsers_data();
    void uriUsers();
    void managedHeaders_data();
    void managedHeaders();
};

void TestSipSyntax::tokens_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("token");
    QTest::newRow("method") << QStringLiteral("INVITE") << true;
    QTest::newRow("header") << QStringLiteral("X-Customer-Id") << true;
    QTest::newRow("every punctuation allowed") << QStringLiteral("a-.!%*_+`'~") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("X Foo") << false;
    QTest::newRow("colon") << QStringLiteral("X-Foo:") << false;
    QTest::newRow("non-ASCII") << QStringLiteral("X-\u00c9") << false;
}

void TestSipSyntax::tokens()
{
    QFETCH(QString, text);
    QTEST(SipSyntax::isToken(text), "token");
}

void TestSipSyntax::uriUsers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("number") << QStringLiteral("+4420123") << true;
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("user parameters") << QStringLiteral("123;npdi;rn=+1555") << true;
    QTest::newRow("escape") << QStringLiteral("alice%20smith") << true;
    QTest::newRow("every punctuation allowed") << QStringLiteral("-_.!~*'()&=+$,;?/") << true;
    QTest::newRow("space") << QStringLiteral("alice smith") << false;
    QTest::newRow("at sign") << QStringLiteral("alice@example") << false;
    QTest::newRow("colon") << QStringLiteral("alice:pw") << false;
    QTest::newRow("bad escape") << QStringLiteral("alice%2") << false;
    QTest::newRow("escape with a non-hex digit") << QStringLiteral("alice%2g") << false;
}

void TestSipSyntax::uriUsers()
{
    QFETCH(QString, text);
    QTEST(SipSyntax::isUriUser(text), "valid");
}

void TestSipSyntax::managedHeaders_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("managed");
    for (const QString& name : SipSyntax::managedHeaderNames())
        QTest::newRow(qPrintable(name)) << name << true;
    QTest::newRow("any case") << QStringLiteral("call-id") << true;
    QTest::newRow("compact From") << QStringLiteral("f") << true;
    QTest::newRow("compact Via, upper case") << QStringLiteral("V") << true;
    QTest::newRow("compact Contact") << QStringLiteral("m") << true;
    QTest::newRow("custom") << QStringLiteral("X-Tollgate") << false;
    QTest::newRow("P-Asserted-Identity") << QStringLiteral("P-Asserted-Identity") << false;
    QTest::newRow("compact Subject is not managed") << QStringLiteral("s") << false;
}

void TestSipSyntax::managedHeaders()
{
    QFETCH(QString, name);
    QTEST(SipSyntax::isManagedHeader(name), "managed");
}

QTEST_GUILESS_MAIN(TestSipSyntax)
#include "TestSipSyntax.moc"
