#include "dialog/DialogIndex.h"

#include <QTest>

using namespace tollgate;

namespace {

Dialog makeDialog(std::uint64_t serial, std::string_view callId, std::string_view fromTag, std::string_view toTag = {},
                  DialogState state = DialogState::Trying)
{
    Dialog dialog;
    std::array<std::string_view, Dialog::FieldCount> values{};
    values[Dialog::CallId] = callId;
    values[Dialog::FromTag] = fromTag;
    values[Dialog::ToTag] = toTag;
    dialog.text.assign(values);
    dialog.serial = serial;
    dialog.state = state;
    return dialog;
}

} // namespace

class TestDialogIndex : public QObject
{
    Q_OBJECT

private slots:
    void findsByCallIdAndFromTag();
    void liveRecordsWinOverEndedOnes();
    void removingKeepsTheRestOfTheChain_data();
    void removingKeepsTheRestOfTheChain();
    void inDialogLookupFindsTheSide();
    void slotsAreReused();
};

void TestDialogIndex::findsByCallIdAndFromTag()
{
    DialogIndex index;
    const std::uint32_t first = index.add(makeDialog(1, "a@host", "f1"));
    const std::uint32_t second = index.add(makeDialog(2, "b@host", "f1"));
    QCOMPARE(index.find("a@host", "f1"), first);
    QCOMPARE(index.find("b@host", "f1"), second);
    QCOMPARE(index.find("b@host", {}), second);
    QCOMPARE(index.find("a@host", "f2"), DialogIndex::NoSlot);
    QCOMPARE(index.find("c@host", "f1"), DialogIndex::NoSlot);
    QCOMPARE(index.size(), std::size_t(2));
}

void TestDialogIndex::liveRecordsWinOverEndedOnes()
{
    DialogIndex index;
    const std::uint32_t ended = index.add(makeDialog(1, "a", "f", {}, DialogState::Terminated));
    QCOMPARE(index.find("a", "f"), ended);
    const std::uint32_t live = index.add(makeDialog(2, "a", "f"));
    const std::uint32_t newerEnded = index.add(makeDialog(3, "a", "f", {}, DialogState::Terminated));
    QCOMPARE(index.find("a", "f"), live);
    index.remove(live);
    QCOMPARE(index.find("a", "f"), newerEnded);
    QVERIFY(ended != newerEnded);
}

void TestDialogIndex::removingKeepsTheRestOfTheChain_data()
{
    QTest::addColumn<int>("removed");
    QTest::newRow("oldest (chain tail)") << 0;
    QTest::newRow("middle") << 1;
    QTest::newRow("newest (chain head)") << 2;
}

void TestDialogIndex::removingKeepsTheRestOfTheChain()
{
    QFETCH(int, removed);
    DialogIndex index;
    const std::array<std::string_view, 3> tags{"f0", "f1", "f2"};
    std::array<std::uint32_t, 3> added{};
    for (std::size_t i = 0; i < 3; ++i)
        added[i] = index.add(makeDialog(i + 1, "shared", tags[i]));
    index.remove(added[std::size_t(removed)]);
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(index.find("shared", tags[i]), int(i) == removed ? DialogIndex::NoSlot : added[i]);
    QCOMPARE(index.size(), std::size_t(2));
}

void TestDialogIndex::inDialogLookupFindsTheSide()
{
    DialogIndex index;
    const std::uint32_t confirmed = index.add(makeDialog(1, "c", "caller", "callee", DialogState::Confirmed));
    const std::uint32_t trying = index.add(makeDialog(2, "d", "caller"));
    bool fromCaller = false;
    QCOMPARE(index.findInDialog("c", "caller", "callee", &fromCaller), confirmed);
    QVERIFY(fromCaller);
    QCOMPARE(index.findInDialog("c", "callee", "caller", &fromCaller), confirmed);
    QVERIFY(!fromCaller);
    QCOMPARE(index.findInDialog("c", "caller", "someone", &fromCaller), DialogIndex::NoSlot);
    QCOMPARE(index.findInDialog("d", "caller", "anything", &fromCaller), trying); // no To tag yet
    QVERIFY(fromCaller);
    QCOMPARE(index.findInDialog("d", "anything", "caller", &fromCaller), DialogIndex::NoSlot);
}

void TestDialogIndex::slotsAreReused()
{
    DialogIndex index;
    const std::uint32_t first = index.add(makeDialog(1, "a", "f"));
    index.add(makeDialog(2, "b", "f"));
    index.remove(first);
    QVERIFY(!index.isUsed(first));
    QCOMPARE(index.add(makeDialog(3, "c", "f")), first);
    QCOMPARE(index.slotCount(), 2U);
    QCOMPARE(index.at(first).field(Dialog::CallId), std::string_view("c"));
    QCOMPARE(index.find("a", "f"), DialogIndex::NoSlot);
}

QTEST_APPLESS_MAIN(TestDialogIndex)
#include "TestDialogIndex.moc"
