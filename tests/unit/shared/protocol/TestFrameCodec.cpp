#include "protocol/FrameCodec.h"

#include <QTest>

using namespace tollgate;

namespace {

/// Everything `codec` yields now, as "L:<line>" or "O:<size>" entries.
QStringList drain(FrameCodec& codec)
{
    QStringList frames;
    FrameCodec::Frame frame;
    while (codec.next(&frame)) {
        if (frame.kind == FrameCodec::Frame::Kind::Line)
            frames << QStringLiteral("L:") + QString::fromUtf8(frame.line);
        else
            frames << QStringLiteral("O:%1").arg(frame.size);
    }
    return frames;
}

} // namespace

class TestFrameCodec : public QObject
{
    Q_OBJECT

private slots:
    void completeLines();
    void splitAnywhere_data();
    void splitAnywhere();
    void crlfAndEmptyLines();
    void incompleteLineWaits();
    void lineAtTheLimitIsAccepted();
    void overlongLineInOneChunk();
    void overlongLineAcrossChunksKeepsMemoryBounded();
    void overlongLineWithCrlf();
    void manyLinesInOneChunk();
    void encodeAppendsTerminator();
};

void TestFrameCodec::completeLines()
{
    FrameCodec codec;
    codec.append("{\"a\":1}\n{\"b\":2}\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("L:{\"a\":1}"), QStringLiteral("L:{\"b\":2}")}));
    QCOMPARE(codec.bufferedBytes(), 0);
}

void TestFrameCodec::splitAnywhere_data()
{
    QTest::addColumn<int>("splitAt");
    const QByteArray input = "{\"id\":1}\r\n\n{\"id\":22}\n";
    for (int i = 0; i <= input.size(); ++i)
        QTest::addRow("split at %d", i) << i;
}

void TestFrameCodec::splitAnywhere()
{
    QFETCH(int, splitAt);
    const QByteArray input = "{\"id\":1}\r\n\n{\"id\":22}\n";
    FrameCodec codec;
    QStringList frames;
    codec.append(input.left(splitAt));
    frames += drain(codec);
    codec.append(input.mid(splitAt));
    frames += drain(codec);
    QCOMPARE(frames, QStringList({QStringLiteral("L:{\"id\":1}"), QStringLiteral("L:{\"id\":22}")}));
}

void TestFrameCodec::crlfAndEmptyLines()
{
    FrameCodec codec;
    codec.append("\n\r\n{}\r\n\n\n[]\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("L:{}"), QStringLiteral("L:[]")}));
}

void TestFrameCodec::incompleteLineWaits()
{
    FrameCodec codec;
    codec.append("{\"partial\":");
    QVERIFY(drain(codec).isEmpty());
    QCOMPARE(codec.bufferedBytes(), 11);
    codec.append("true}\n");
    QCOMPARE(drain(codec), QStringList{QStringLiteral("L:{\"partial\":true}")});
}

void TestFrameCodec::lineAtTheLimitIsAccepted()
{
    FrameCodec codec(10);
    codec.append(QByteArray(10, 'x') + "\n" + QByteArray(11, 'y') + "\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("L:xxxxxxxxxx"), QStringLiteral("O:11")}));
}

void TestFrameCodec::overlongLineInOneChunk()
{
    FrameCodec codec(16);
    codec.append(QByteArray(100, 'x') + "\n{\"ok\":1}\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("O:100"), QStringLiteral("L:{\"ok\":1}")}));
}

void TestFrameCodec::overlongLineAcrossChunksKeepsMemoryBounded()
{
    const qsizetype limit = 1024;
    FrameCodec codec(limit);
    const QByteArray chunk(500, 'z');
    qsizetype sent = 0;
    for (int i = 0; i < 200; ++i) {
        codec.append(chunk);
        sent += chunk.size();
        QVERIFY(drain(codec).isEmpty());
        // Never more than the limit plus one chunk is held, however long the line grows.
        QVERIFY2(codec.bufferedBytes() <= limit + chunk.size(), qPrintable(QString::number(codec.bufferedBytes())));
    }
    codec.append("zz\n{\"after\":true}\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("O:%1").arg(sent + 2), QStringLiteral("L:{\"after\":true}")}));
    QCOMPARE(codec.bufferedBytes(), 0);
}

void TestFrameCodec::overlongLineWithCrlf()
{
    FrameCodec codec(4);
    codec.append("123456\r\nabc\r\n");
    QCOMPARE(drain(codec), QStringList({QStringLiteral("O:6"), QStringLiteral("L:abc")}));
}

void TestFrameCodec::manyLinesInOneChunk()
{
    QByteArray input;
    for (int i = 0; i < 20000; ++i)
        input += QByteArray::number(i) + '\n';
    FrameCodec codec;
    codec.append(input);
    const QStringList frames = drain(codec);
    QCOMPARE(frames.size(), 20000);
    QCOMPARE(frames.first(), QStringLiteral("L:0"));
    QCOMPARE(frames.last(), QStringLiteral("L:19999"));
}

void TestFrameCodec::encodeAppendsTerminator()
{
    QCOMPARE(FrameCodec::encode("{\"a\":\"x\\ny\"}"), QByteArray("{\"a\":\"x\\ny\"}\n"));
    FrameCodec codec;
    codec.append(FrameCodec::encode("{}") + FrameCodec::encode("[]"));
    QCOMPARE(drain(codec), QStringList({QStringLiteral("L:{}"), QStringLiteral("L:[]")}));
}

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "TestFrameCodec.moc"
