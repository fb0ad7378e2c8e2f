// The corpus of real SIP requests in tests/data/sip, parsed by the proxy's own sofia-sip parser
// (ParsedSipMessage, SofiaRequestView) and fed to the rule engine with the starter ruleset, from
// the sources an operator would see them from.
#include "TestPaths.h"
#include "model/RuleSetJson.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "routing/DecisionFormatter.h"
#include "routing/RuleEngine.h"
#include "sip/ParsedSipMessage.h"

#include <QDir>
#include <QTest>

using namespace tollgate;

class TestSipCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyMessageParses();
    void viewReadsTheParsedMessage();
    void decisions_data();
    void decisions();

private:
    std::shared_ptr<const CompiledRuleSet> m_starter;
    CacheStore m_caches;
};

void TestSipCorpus::initTestCase()
{
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(RuleSetJson::fromJson(test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json"))),
                                  &ruleSet, &errors));
    QString error;
    m_starter = CompiledRuleSet::compile(ruleSet, &error);
    QVERIFY2(m_starter, qPrintable(error));
    m_caches.configure(ruleSet.caches);
}

void TestSipCorpus::everyMessageParses()
{
    const QDir directory(test::dataPath(QStringLiteral("sip")));
    const QStringList files = directory.entryList({QStringLiteral("*.sip")}, QDir::Files);
    QVERIFY(files.size() >= 12);
    for (const QString& name : files) {
        QString error;
        const auto message = ParsedSipMessage::parse(test::readFile(directory.filePath(name)), &error);
        QVERIFY2(message, qPrintable(name + QStringLiteral(": ") + error));
        QVERIFY2(message->isRequest(), qPrintable(name));
        QVERIFY2(!message->view().callId().empty(), qPrintable(name));
    }
}

void TestSipCorpus::viewReadsTheParsedMessage()
{
    QString error;
    const auto message =
        ParsedSipMessage::parse(test::readFile(test::dataPath(QStringLiteral("sip/invite-from-carrier.sip"))), &error);
    QVERIFY2(message, qPrintable(error));
    const SipRequestView& view = message->view();
    QCOMPARE(view.method(), std::string_view("INVITE"));
    QCOMPARE(view.requestUri(), std::string_view("sip:+4930123456@198.51.100.1:5060"));
    QCOMPARE(view.uriField(UriField::RuriUser), std::string_view("+4930123456"));
    QCOMPARE(view.uriField(UriField::RuriHost), std::string_view("198.51.100.1"));
    QCOMPARE(view.uriField(UriField::FromUser), std::string_view("+4921199887766"));
    QCOMPARE(view.uriField(UriField::ToHost), std::string_view("198.51.100.1"));
    QCOMPARE(view.callId(), std::string_view("a84b4c76e66710@203.0.113.7"));
    QVERIFY(!view.hasToTag());
    // Known headers by full or compact name, case-insensitively; unknown ones by their name.
    QCOMPARE(view.header("cseq").value_or(""), std::string_view("314159 INVITE"));
    QCOMPARE(view.header("f").value_or(""), std::string_view("\"Alice\" <sip:+4921199887766@203.0.113.7>;tag=1928301774"));
    QCOMPARE(view.header("P-Asserted-Identity").value_or(""), std::string_view("<sip:+4921199887766@203.0.113.7>"));
    QVERIFY(!view.header("X-Missing").has_value());

    const auto inDialog =
        ParsedSipMessage::parse(test::readFile(test::dataPath(QStringLiteral("sip/bye-in-dialog.sip"))), &error);
    QVERIFY(inDialog && inDialog->view().hasToTag());
}

void TestSipCorpus::decisions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected"); // DecisionFormatter::toText's first line

    const QString carrier = QStringLiteral("127.0.0.9:5060");
    const QString core = QStringLiteral("127.0.0.1:5080");
    const QString unknown = QStringLiteral("203.0.113.7:5060");
    QTest::newRow("carrier INVITE") << "invite-from-carrier.sip" << carrier
                                    << "relay to group core (MAIN › rule \"carrier-to-core\")";
    QTest::newRow("unknown INVITE") << "invite-from-carrier.sip" << unknown
                                    << "reply 403 Unknown Source (MAIN › rule \"reject-unknown-sources\")";
    QTest::newRow("carrier OPTIONS (seed)") << "options-keepalive.sip" << carrier
                                            << "reply 503 Options Reply (MAIN › rule \"options\")";
    QTest::newRow("core OPTIONS (seed)")
        << "options-from-core.sip" << core
        << "relay to sip:203.0.113.7:5060 (INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\")";
    QTest::newRow("core INVITE") << "invite-from-core.sip" << core
                                 << "relay to sip:+4921199887766@203.0.113.7:5060 (INTERNAL_TO_EXTERNAL_RELAY › rule "
                                    "\"relay-by-request-uri\")";
    QTest::newRow("carrier REGISTER") << "register.sip" << carrier
                                      << "relay to group core (MAIN › rule \"carrier-to-core\")";
    QTest::newRow("carrier MESSAGE") << "message.sip" << carrier
                                     << "relay to group core (MAIN › rule \"carrier-to-core\")";
    QTest::newRow("carrier SUBSCRIBE") << "subscribe.sip" << carrier
                                       << "relay to group core (MAIN › rule \"carrier-to-core\")";
    QTest::newRow("tel URI") << "invite-tel-uri.sip" << carrier
                             << "relay to group core (MAIN › rule \"carrier-to-core\")";
    QTest::newRow("IPv6 source, no carrier") << "invite-ipv6.sip" << "[2001:db8::77]:5060"
                                             << "reply 403 Unknown Source (MAIN › rule \"reject-unknown-sources\")";
}

void TestSipCorpus::decisions()
{
    QFETCH(QString, file);
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QString error;
    const auto message = ParsedSipMessage::parse(test::readFile(test::dataPath(QStringLiteral("sip/") + file)), &error);
    QVERIFY2(message, qPrintable(error));

    SourceAddress address;
    const qsizetype colon = source.lastIndexOf(u':');
    QString host = source.left(colon);
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    address.ip = *IpAddress::parse(host);
    address.port = std::uint16_t(source.mid(colon + 1).toInt());
    const RequestContext context = m_starter->makeContext(address, 1'700'000'000'000);
    const RouteDecision decision = RuleEngine::evaluate(*m_starter, message->view(), context, m_caches);
    const QString text = DecisionFormatter::toText(decision, *m_starter);
    QCOMPARE(text.section(u'\n', 0, 0), expected);
    // The traced evaluation decides the same.
    EvaluationTrace trace;
    QCOMPARE(RuleEngine::evaluate(*m_starter, message->view(), context, m_caches, &trace), decision);
}

QTEST_GUILESS_MAIN(TestSipCorpus)
#include "TestSipCorpus.moc"
