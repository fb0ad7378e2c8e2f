#include "dialog/CompactStrings.h"

#include <QTest>

using namespace tollgate;

class TestCompactStrings : public QObject
{
    Q_OBJECT

private slots:
    void emptyByDefault();
    void keepsEveryString();
    void setReplacesOneString();
    void setAcceptsAViewOfItself();
    void allEmptyFreesTheBlock();
};

void TestCompactStrings::emptyByDefault()
{
    const CompactStrings<3> strings;
    for (std::size_t i = 0; i < 3; ++i)
        QVERIFY(strings.get(i).empty());
    QCOMPARE(strings.heapBytes(), std::size_t(0));
}

void TestCompactStrings::keepsEveryString()
{
    const CompactStrings<4> strings({"call-id@host", "", "tag", std::string_view("a\0b", 3)});
    QCOMPARE(strings.get(0), std::string_view("call-id@host"));
    QVERIFY(strings.get(1).empty());
    QCOMPARE(strings.get(2), std::string_view("tag"));
    QCOMPARE(strings.get(3), std::string_view("a\0b", 3));
    QCOMPARE(strings.heapBytes(), 4 * sizeof(std::uint32_t) + 18);
}

void TestCompactStrings::setReplacesOneString()
{
    CompactStrings<3> strings({"one", "two", "three"});
    strings.set(1, "a much longer second string");
    QCOMPARE(strings.get(0), std::string_view("one"));
    QCOMPARE(strings.get(1), std::string_view("a much longer second string"));
    QCOMPARE(strings.get(2), std::string_view("three"));
    strings.set(2, {});
    QVERIFY(strings.get(2).empty());
    QCOMPARE(strings.get(1), std::string_view("a much longer second string"));
}

void TestCompactStrings::setAcceptsAViewOfItself()
{
    CompactStrings<2> strings({"original", "x"});
    strings.set(1, strings.get(0).substr(0, 4));
    QCOMPARE(strings.get(1), std::string_view("orig"));
    QCOMPARE(strings.get(0), std::string_view("original"));
}

void TestCompactStrings::allEmptyFreesTheBlock()
{
    CompactStrings<2> strings({"a", "b"});
    strings.assign({std::string_view(), std::string_view()});
    QCOMPARE(strings.heapBytes(), std::size_t(0));
    QVERIFY(strings.get(0).empty());
}

QTEST_APPLESS_MAIN(TestCompactStrings)
#include "TestCompactStrings.moc"
