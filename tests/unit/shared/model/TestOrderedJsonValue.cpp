#include "model/OrderedJsonValue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;

using Layout = OrderedJsonValue::Layout;

class TestOrderedJsonValue : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void blockObjectKeepsInsertionOrder();
    void inlineValuesStayOnOneLine();
    void emptyContainersAreCompact();
    void convertsToQtJson();
};

void TestOrderedJsonValue::scalars_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("null") << 0 << QByteArray("null\n");
    QTest::newRow("true") << 1 << QByteArray("true\n");
    QTest::newRow("integer") << 2 << QByteArray("-9007199254740993\n");
    QTest::newRow("string") << 3 << QByteArray("\"a\\\"b\"\n");
}

void TestOrderedJsonValue::scalars()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, text);
    const OrderedJsonValue values[] = {OrderedJsonValue(), OrderedJsonValue::boolean(true),
                                       OrderedJsonValue::integer(-9007199254740993LL),
                                       OrderedJsonValue::string(QStringLiteral("a\"b"))};
    QCOMPARE(values[kind].toCanonicalText(), text);
}

void TestOrderedJsonValue::blockObjectKeepsInsertionOrder()
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("zulu"), OrderedJsonValue::integer(1));
    object.insert(QStringLiteral("alpha"), OrderedJsonValue::boolean(false));
    OrderedJsonValue list = OrderedJsonValue::array(Layout::Block);
    OrderedJsonValue first = OrderedJsonValue::object(Layout::Block);
    first.insert(QStringLiteral("name"), OrderedJsonValue::string(QStringLiteral("x")));
    list.append(first);
    object.insert(QStringLiteral("items"), list);

    QCOMPARE(object.toCanonicalText(), QByteArray("{\n"
                                                  "  \"zulu\": 1,\n"
                                                  "  \"alpha\": false,\n"
                                                  "  \"items\": [\n"
                                                  "    {\n"
                                                  "      \"name\": \"x\"\n"
                                                  "    }\n"
                                                  "  ]\n"
                                                  "}\n"));
    QCOMPARE(object.keys().size(), std::size_t(3));
    QCOMPARE(object.keys().front(), QStringLiteral("zulu"));
}

void TestOrderedJsonValue::inlineValuesStayOnOneLine()
{
    OrderedJsonValue methods = OrderedJsonValue::array(Layout::Inline);
    methods.append(OrderedJsonValue::string(QStringLiteral("INVITE")));
    methods.append(OrderedJsonValue::string(QStringLiteral("OPTIONS")));
    OrderedJsonValue condition = OrderedJsonValue::object(Layout::Inline);
    condition.insert(QStringLiteral("kind"), OrderedJsonValue::string(QStringLiteral("method")));
    condition.insert(QStringLiteral("methods"), methods);
    // A block layout nested in an inline value is written inline too.
    OrderedJsonValue nested = OrderedJsonValue::object(Layout::Block);
    nested.insert(QStringLiteral("a"), OrderedJsonValue::integer(1));
    condition.insert(QStringLiteral("nested"), nested);
    OrderedJsonValue conditions = OrderedJsonValue::array(Layout::Block);
    conditions.append(condition);
    conditions.append(condition);

    QCOMPARE(conditions.toCanonicalText(),
             QByteArray("[\n"
                        "  {\"kind\": \"method\", \"methods\": [\"INVITE\", \"OPTIONS\"], \"nested\": {\"a\": 1}},\n"
                        "  {\"kind\": \"method\", \"methods\": [\"INVITE\", \"OPTIONS\"], \"nested\": {\"a\": 1}}\n"
                        "]\n"));
}

void TestOrderedJsonValue::emptyContainersAreCompact()
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("list"), OrderedJsonValue::array(Layout::Block));
    object.insert(QStringLiteral("object"), OrderedJsonValue::object(Layout::Block));
    QCOMPARE(object.toCanonicalText(), QByteArray("{\n  \"list\": [],\n  \"object\": {}\n}\n"));
    QCOMPARE(OrderedJsonValue::object(Layout::Block).toCanonicalText(), QByteArray("{}\n"));
}

void TestOrderedJsonValue::convertsToQtJson()
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("b"), OrderedJsonValue::integer(3000000000LL));
    OrderedJsonValue list = OrderedJsonValue::array(Layout::Inline);
    list.append(OrderedJsonValue::string(QStringLiteral("x")));
    list.append(OrderedJsonValue());
    object.insert(QStringLiteral("a"), list);
    const QJsonObject expected{{QStringLiteral("b"), QJsonValue(qint64(3000000000LL))},
                               {QStringLiteral("a"), QJsonArray{QStringLiteral("x"), QJsonValue()}}};
    QCOMPARE(object.toJsonValue(), QJsonValue(expected));
}

QTEST_GUILESS_MAIN(TestOrderedJsonValue)
#include "TestOrderedJsonValue.moc"
