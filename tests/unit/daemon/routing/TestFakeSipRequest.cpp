#include "FakeSipRequest.h"

#include <QTest>

using tollgate::UriField;
using tollgate::test::FakeSipRequest;

namespace {

// A captured INVITE with compact header forms, a folded header and a body.
constexpr std::string_view CapturedInvite = "INVITE sip:+442071234567@sbc.example.com;user=phone SIP/2.0\r\n"
                                            "v: SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK-524287-1\r\n"
                                            "Max-Forwards: 69\r\n"
                                            "f: \"Alice\" <sip:alice@carrier.example.net>;tag=1928301774\r\n"
                                            "t: <sip:+442071234567@sbc.example.com>\r\n"
                                            "i: a84b4c76e66710@pc33.example.com\r\n"
                                            "CSeq: 314159 INVITE\r\n"
                                            "m: <sip:alice@10.20.0.5:5060>\r\n"
                                            "Subject: lunch\r\n"
                                            "  tomorrow\r\n"
                                            "c: application/sdp\r\n"
                                            "l: 4\r\n"
                                            "\r\n"
                                            "v=0\r\n";

} // namespace

class TestFakeSipRequest : public QObject
{
    Q_OBJECT

private slots:
    void parsesACapturedRequest()
    {
        std::string error;
        const std::optional<FakeSipRequest> request = FakeSipRequest::parse(CapturedInvite, &error);
        QVERIFY2(request, error.c_str());
        QCOMPARE(request->method(), std::string_view("INVITE"));
        QCOMPARE(request->requestUri(), std::string_view("sip:+442071234567@sbc.example.com;user=phone"));
        QCOMPARE(request->uriField(UriField::RuriUser), std::string_view("+442071234567"));
        QCOMPARE(request->uriField(UriField::RuriHost), std::string_view("sbc.example.com"));
        QCOMPARE(request->uriField(UriField::FromUser), std::string_view("alice"));
        QCOMPARE(request->uriField(UriField::FromHost), std::string_view("carrier.example.net"));
        QCOMPARE(request->uriField(UriField::ToUser), std::string_view("+442071234567"));
        QCOMPARE(request->callId(), std::string_view("a84b4c76e66710@pc33.example.com"));
        QVERIFY(!request->hasToTag());
        QCOMPARE(request->header("Call-ID").value_or(""), std::string_view("a84b4c76e66710@pc33.example.com"));
        QCOMPARE(request->header("content-type").value_or(""), std::string_view("application/sdp"));
        QCOMPARE(request->header("SUBJECT").value_or(""), std::string_view("lunch tomorrow"));
        QVERIFY(!request->header("X-Missing"));
    }

    void toTagMarksAnInDialogRequest()
    {
        const std::optional<FakeSipRequest> request =
            FakeSipRequest::parse("BYE sip:alice@10.20.0.5 SIP/2.0\nTo: <sip:bob@example.com>;tag=abc;x=1\n"
                                  "From: sip:alice@example.net;tag=9\nCall-ID: c1\n\n");
        QVERIFY(request);
        QVERIFY(request->hasToTag());
        QCOMPARE(request->uriField(UriField::FromUser), std::string_view("alice"));
        QCOMPARE(request->uriField(UriField::ToHost), std::string_view("example.com"));
    }

    void rejectsWhatIsNotARequest_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "";
        QTest::newRow("a response") << "SIP/2.0 200 OK\r\n\r\n";
        QTest::newRow("header without colon") << "OPTIONS sip:x SIP/2.0\r\nGarbage\r\n\r\n";
    }

    void rejectsWhatIsNotARequest()
    {
        QFETCH(QString, message);
        std::string error;
        QVERIFY(!FakeSipRequest::parse(message.toStdString(), &error));
        QVERIFY(!error.empty());
    }

    void builderKeepsFieldsAcrossCopies()
    {
        FakeSipRequest original("OPTIONS", "sip:ping@127.0.0.1:5080");
        original.setFrom("sip:probe@192.0.2.1").setTo("sip:ping@127.0.0.1", "t1").setCallId("c2");
        const FakeSipRequest copy = original;
        original = FakeSipRequest("INVITE", "sip:other@example.com");
        QCOMPARE(copy.uriField(UriField::RuriUser), std::string_view("ping"));
        QCOMPARE(copy.uriField(UriField::RuriHost), std::string_view("127.0.0.1"));
        QCOMPARE(copy.uriField(UriField::FromHost), std::string_view("192.0.2.1"));
        QVERIFY(copy.hasToTag());
        QCOMPARE(copy.header("To").value_or(""), std::string_view("<sip:ping@127.0.0.1>;tag=t1"));
        QCOMPARE(copy.header("i").value_or(""), std::string_view("c2"));
    }
};

QTEST_GUILESS_MAIN(TestFakeSipRequest)
#include "TestFakeSipRequest.moc"
