// DryRun: the rule engine on a SIP message without side effects, as `tollgated --dry-run` and
// rules.dryRun run it: sources, transports, refused input and the shapes of its JSON and text.
#include "TestPaths.h"
#include "app/DryRun.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"
#include "protocol/ControlCatalogue.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"

#include <QJsonArray>
#include <QTest>

using namespace tollgate;

Q_DECLARE_METATYPE(tollgate::Transport)

namespace {

constexpr std::int64_t Now = 1'700'000'000'000;

std::shared_ptr<const CompiledRuleSet> compile(const QByteArray& json, QList<CacheDefinition>* caches = nullptr)
{
    RuleSet ruleSet;
    Diagnostics problems;
    if (!RuleSetJson::fromJson(json, &ruleSet, &problems)) {
        qWarning("ruleset does not read: %s", qPrintable(problems.value(0).toString()));
        return nullptr;
    }
    problems = RuleSetValidator::validate(ruleSet);
    if (hasErrors(problems)) {
        qWarning("ruleset is invalid: %s", qPrintable(problems.value(0).toString()));
        return nullptr;
    }
    QString error;
    auto program = CompiledRuleSet::compile(ruleSet, &error);
    if (!program)
        qWarning("ruleset does not compile: %s", qPrintable(error));
    if (caches)
        *caches = ruleSet.caches;
    return program;
}

/// Rewrites and header edits depend on the transport, so that the rewritten message shows them.
const QByteArray TransportRuleSet = R"({
  "format": "tollgate-ruleset", "version": 1,
  "routes": [{"name": "MAIN", "rules": [
    {"name": "tls-only-invite", "conditions": [{"kind": "method", "methods": ["INVITE"]},
                                               {"kind": "transport", "transports": ["tls"]}],
     "actions": [{"kind": "rewriteUri", "part": "user", "value": "+49{ruri.user}"},
                 {"kind": "addHeader", "header": "X-Tollgate-Transport", "value": "{transport}"},
                 {"kind": "removeHeader", "header": "P-Asserted-Identity"},
                 {"kind": "relay", "uri": "sip:192.0.2.50:5060"}]},
    {"name": "other-transports", "conditions": [{"kind": "method", "methods": ["INVITE"]}],
     "actions": [{"kind": "reply", "code": 488, "reason": "TLS Required"}]},
    {"name": "bye", "conditions": [{"kind": "method", "methods": ["BYE"]}], "actions": [{"kind": "drop"}]}
  ]}]
})";

QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

const QByteArray Options = crlf("OPTIONS sip:192.0.2.1 SIP/2.0\n"
                                "Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-options-1\n"
                                "Max-Forwards: 70\n"
                                "From: <sip:ping@127.0.0.9>;tag=opt1\n"
                                "To: <sip:192.0.2.1>\n"
                                "Call-ID: options-1@127.0.0.9\n"
                                "CSeq: 1 OPTIONS\n"
                                "Content-Length: 0\n"
                                "\n");

} // namespace

class TestDryRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void starterDecisions_data();
    void starterDecisions();
    void relayShowsTheMessageAsForwarded();
    void onlyRelayedMessagesAreForwarded();
    void transportsReachTheRules_data();
    void transportsReachTheRules();
    void sourceFormats_data();
    void sourceFormats();
    void badSources_data();
    void badSources();
    void refusedMessages_data();
    void refusedMessages();
    void lfOnlyMessageIsAccepted();
    void jsonMatchesTheCatalogue();
    void textShape();
    void cachesAreReadNeverWritten();

private:
    DryRun::Result run(const QByteArray& message, const QString& source, Transport transport = Transport::Udp,
                       const CompiledRuleSet* ruleSet = nullptr);

    std::shared_ptr<const CompiledRuleSet> m_starter;
    std::shared_ptr<const CompiledRuleSet> m_transportRules;
    CacheStore m_caches;
    QByteArray m_invite;
};

void TestDryRun::initTestCase()
{
    QList<CacheDefinition> caches;
    m_starter = compile(test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json"))), &caches);
    QVERIFY(m_starter);
    m_caches.configure(caches);
    m_transportRules = compile(TransportRuleSet);
    QVERIFY(m_transportRules);
    m_invite = test::readFile(test::dataPath(QStringLiteral("sip/invite-from-carrier.sip")));
    QVERIFY(m_invite.contains("\r\n"));
}

DryRun::Result TestDryRun::run(const QByteArray& message, const QString& source, Transport transport,
                               const CompiledRuleSet* ruleSet)
{
    DryRun::Result result;
    QString error;
    const bool ok =
        DryRun::run(ruleSet ? *ruleSet : *m_starter, m_caches, Now, message, source, transport, &result, &error);
    if (!ok)
        qWarning("dry run failed: %s", qPrintable(error));
    return result;
}

void TestDryRun::starterDecisions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QJsonValue>("carrier");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("decidedByRule");

    const QJsonValue none;
    const QStringList fromCarrier{QStringLiteral("FROM_CARRIER")};
    const QStringList fromCore{QStringLiteral("FROM_CARRIER"), QStringLiteral("FROM_TRUSTED"),
                               QStringLiteral("INTERNALLY_SOURCED")};
    QTest::newRow("INVITE from a carrier (IPv4)")
        << "invite-from-carrier.sip"
        << "127.0.0.9:5060" << QJsonValue(QStringLiteral("demo-carrier")) << fromCarrier << "relay"
        << "carrier-to-core";
    QTest::newRow("INVITE from an unknown IPv4 source") << "invite-from-carrier.sip"
                                                        << "203.0.113.7:5060" << none << QStringList() << "reply"
                                                        << "reject-unknown-sources";
    QTest::newRow("INVITE from an IPv6 source") << "invite-ipv6.sip"
                                                << "[2001:db8::77]:5060" << none << QStringList() << "reply"
                                                << "reject-unknown-sources";
    QTest::newRow("IPv6 loopback is no IPv4 loopback carrier") << "invite-from-carrier.sip"
                                                               << "[::1]:5060" << none << QStringList() << "reply"
                                                               << "reject-unknown-sources";
    QTest::newRow("OPTIONS from a carrier")
        << "options-keepalive.sip"
        << "127.0.0.9:5060" << QJsonValue(QStringLiteral("demo-carrier")) << fromCarrier << "reply"
        << "options";
    QTest::newRow("OPTIONS from the core")
        << "options-from-core.sip"
        << "127.0.0.1:5080" << QJsonValue(QStringLiteral("core")) << fromCore << "relay"
        << "relay-by-request-uri";
    QTest::newRow("INVITE from the core")
        << "invite-from-core.sip"
        << "127.0.0.1:5080" << QJsonValue(QStringLiteral("core")) << fromCore << "relay"
        << "relay-by-request-uri";
}

void TestDryRun::starterDecisions()
{
    QFETCH(QString, file);
    QFETCH(QString, source);
    QFETCH(QJsonValue, carrier);
    QFETCH(QStringList, flags);
    QFETCH(QString, outcome);
    QFETCH(QString, decidedByRule);

    const DryRun::Result result = run(test::readFile(test::dataPath(QStringLiteral("sip/") + file)), source);
    QVERIFY(!result.json.isEmpty());
    QCOMPARE(result.json.value(QStringLiteral("source")).toString(), source);
    QCOMPARE(result.json.value(QStringLiteral("transport")).toString(), QStringLiteral("udp"));
    QCOMPARE(result.json.value(QStringLiteral("carrier")), carrier);
    QStringList flagNames;
    for (const QJsonValue& flag : result.json.value(QStringLiteral("flags")).toArray())
        flagNames << flag.toString();
    QCOMPARE(flagNames, flags);
    const QJsonObject decision = result.json.value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("outcome")).toString(), outcome);
    QCOMPARE(decision.value(QStringLiteral("decidedBy")).toObject().value(QStringLiteral("rule")).toString(),
             decidedByRule);
    // The trace names the same carrier as the result and visits the deciding rule.
    const QJsonObject trace = result.json.value(QStringLiteral("trace")).toObject();
    QVERIFY(!trace.value(QStringLiteral("visits")).toArray().isEmpty());
    bool visited = false;
    for (const QJsonValue& visit : trace.value(QStringLiteral("visits")).toArray())
        visited = visited || visit.toObject().value(QStringLiteral("rule")).toString() == decidedByRule;
    QVERIFY(visited);
}

void TestDryRun::relayShowsTheMessageAsForwarded()
{
    const DryRun::Result result = run(m_invite, QStringLiteral("127.0.0.9:5060"));
    const QJsonObject decision = result.json.value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("relay")).toObject().value(QStringLiteral("group")).toString(),
             QStringLiteral("core"));
    QCOMPARE(decision.value(QStringLiteral("finalReplyTimerMs")).toInt(), 2000);
    // The starter rules change nothing in the message: it goes out as it came in.
    QCOMPARE(result.json.value(QStringLiteral("rewrittenMessage")).toString(), QString::fromUtf8(m_invite));
}

void TestDryRun::onlyRelayedMessagesAreForwarded()
{
    // Reply: rules.dryRun documents the rewritten message as empty unless relayed.
    const DryRun::Result refused = run(m_invite, QStringLiteral("203.0.113.7:5060"));
    QCOMPARE(
        refused.json.value(QStringLiteral("decision")).toObject().value(QStringLiteral("reply")).toObject(),
        (QJsonObject{{QStringLiteral("code"), 403}, {QStringLiteral("reason"), QStringLiteral("Unknown Source")}}));
    QVERIFY(refused.json.contains(QStringLiteral("rewrittenMessage")));
    QCOMPARE(refused.json.value(QStringLiteral("rewrittenMessage")).toString(), QString());
    QVERIFY(refused.text.endsWith(QStringLiteral("The message is not forwarded.\n")));
    QVERIFY(!refused.text.contains(QStringLiteral("Message as it would be forwarded")));

    // Drop.
    const QByteArray bye = test::readFile(test::dataPath(QStringLiteral("sip/bye-in-dialog.sip")));
    const DryRun::Result dropped = run(bye, QStringLiteral("192.0.2.7:5060"), Transport::Udp, m_transportRules.get());
    QCOMPARE(dropped.json.value(QStringLiteral("decision")).toObject().value(QStringLiteral("outcome")).toString(),
             QStringLiteral("drop"));
    QCOMPARE(dropped.json.value(QStringLiteral("rewrittenMessage")).toString(), QString());

    // No decision.
    const DryRun::Result undecided =
        run(Options, QStringLiteral("192.0.2.7:5060"), Transport::Udp, m_transportRules.get());
    QCOMPARE(undecided.json.value(QStringLiteral("decision")).toObject().value(QStringLiteral("outcome")).toString(),
             QStringLiteral("no-decision"));
    QCOMPARE(undecided.json.value(QStringLiteral("rewrittenMessage")).toString(), QString());
}

void TestDryRun::transportsReachTheRules_data()
{
    QTest::addColumn<Transport>("transport");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("outcome");

    QTest::newRow("udp") << Transport::Udp << "udp"
                         << "reply";
    QTest::newRow("tcp") << Transport::Tcp << "tcp"
                         << "reply";
    QTest::newRow("tls") << Transport::Tls << "tls"
                         << "relay";
}

void TestDryRun::transportsReachTheRules()
{
    QFETCH(Transport, transport);
    QFETCH(QString, name);
    QFETCH(QString, outcome);
    const DryRun::Result result = run(m_invite, QStringLiteral("198.51.100.4:5061"), transport, m_transportRules.get());
    QCOMPARE(result.json.value(QStringLiteral("transport")).toString(), name);
    QVERIFY(result.text.startsWith(QStringLiteral("Source 198.51.100.4:5061 over %1: no carrier\n").arg(name)));
    const QJsonObject decision = result.json.value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("outcome")).toString(), outcome);
    const QString rewritten = result.json.value(QStringLiteral("rewrittenMessage")).toString();
    if (outcome == u"reply") {
        QCOMPARE(decision.value(QStringLiteral("reply")).toObject().value(QStringLiteral("code")).toInt(), 488);
        QVERIFY(rewritten.isEmpty());
        return;
    }
    // The rules' Request-URI and header changes show in the forwarded message, nothing else moves.
    QVERIFY2(rewritten.startsWith(QStringLiteral("INVITE sip:+49+4930123456@198.51.100.1:5060 SIP/2.0\r\n")),
             qPrintable(rewritten));
    QVERIFY(rewritten.contains(QStringLiteral("\r\nX-Tollgate-Transport: tls\r\n")));
    QVERIFY(!rewritten.contains(QStringLiteral("P-Asserted-Identity")));
    QVERIFY(rewritten.contains(QStringLiteral("\r\nCall-ID: a84b4c76e66710@203.0.113.7\r\n")));
    QVERIFY2(rewritten.endsWith(QStringLiteral("a=rtpmap:101 telephone-event/8000\r\n")), qPrintable(rewritten));
    QVERIFY(result.text.contains(QStringLiteral("Message as it would be forwarded")));
    QVERIFY(result.text.endsWith(rewritten));
}

void TestDryRun::sourceFormats_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QJsonValue>("carrier");

    QTest::newRow("IPv4") << "127.0.0.9:5060" << QJsonValue(QStringLiteral("demo-carrier"));
    QTest::newRow("IPv4 port matters") << "127.0.0.1:5080" << QJsonValue(QStringLiteral("core"));
    QTest::newRow("IPv4 other port") << "127.0.0.1:5081" << QJsonValue(QStringLiteral("demo-carrier"));
    QTest::newRow("IPv6") << "[2001:db8::1]:5060" << QJsonValue();
    QTest::newRow("IPv6 loopback") << "[::1]:65535" << QJsonValue();
    QTest::newRow("lowest port") << "192.0.2.1:1" << QJsonValue();
}

void TestDryRun::sourceFormats()
{
    QFETCH(QString, source);
    QFETCH(QJsonValue, carrier);
    DryRun::Result result;
    QString error;
    QVERIFY2(DryRun::run(*m_starter, m_caches, Now, m_invite, source, Transport::Udp, &result, &error),
             qPrintable(error));
    QCOMPARE(result.json.value(QStringLiteral("source")).toString(), source);
    QCOMPARE(result.json.value(QStringLiteral("carrier")), carrier);
}

void TestDryRun::badSources_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("error");

    QTest::newRow("no port") << "192.0.2.10"
                             << "source '192.0.2.10' is not IP:PORT (IPv6 as [IPv6]:PORT)";
    QTest::newRow("empty") << ""
                           << "source '' is not IP:PORT (IPv6 as [IPv6]:PORT)";
    QTest::newRow("IPv6 without brackets") << "2001:db8::1:5060"
                                           << "source '2001:db8::1:5060' is not IP:PORT (IPv6 as [IPv6]:PORT)";
    QTest::newRow("hostname") << "sbc.example.com:5060"
                              << "source 'sbc.example.com:5060' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("port zero") << "192.0.2.10:0"
                               << "source '192.0.2.10:0' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("port too large") << "192.0.2.10:65536"
                                    << "source '192.0.2.10:65536' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("port not a number") << "192.0.2.10:sip"
                                       << "source '192.0.2.10:sip' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("empty port") << "192.0.2.10:"
                                << "source '192.0.2.10:' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("bad IPv4") << "192.0.2.300:5060"
                              << "source '192.0.2.300:5060' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("IPv6 without port") << "[2001:db8::1]"
                                       << "source '[2001:db8::1]' is not [IPv6]:PORT";
    QTest::newRow("IPv6 unclosed") << "[2001:db8::1:5060"
                                   << "source '[2001:db8::1:5060' is not [IPv6]:PORT";
    QTest::newRow("IPv6 port without colon") << "[2001:db8::1]5060"
                                             << "source '[2001:db8::1]5060' is not [IPv6]:PORT";
    QTest::newRow("IPv6 empty port") << "[2001:db8::1]:"
                                     << "source '[2001:db8::1]:' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("bad IPv6") << "[2001:db8::g]:5060"
                              << "source '[2001:db8::g]:5060' is not an IP literal with a port from 1 to 65535";
    QTest::newRow("IPv4 in brackets") << "[192.0.2.10]:5060"
                                      << "source '[192.0.2.10]:5060': brackets go around IPv6 addresses only";
}

void TestDryRun::badSources()
{
    QFETCH(QString, source);
    QFETCH(QString, error);
    DryRun::Result result;
    QString message;
    QVERIFY(!DryRun::run(*m_starter, m_caches, Now, m_invite, source, Transport::Udp, &result, &message));
    QCOMPARE(message, error);
    QVERIFY(result.json.isEmpty());
}

void TestDryRun::refusedMessages_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("error");

    QTest::newRow("response") << crlf("SIP/2.0 200 OK\n"
                                      "Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-r1\n"
                                      "From: <sip:a@127.0.0.9>;tag=1\n"
                                      "To: <sip:b@192.0.2.1>;tag=2\n"
                                      "Call-ID: response-1\n"
                                      "CSeq: 1 INVITE\n"
                                      "Content-Length: 0\n\n")
                              << "the message is a response; the rules decide about requests";
    QTest::newRow("not SIP") << QByteArray("hello world\r\n\r\n")
                             << "the message is not valid SIP: not a SIP message (no request or status line)";
    QTest::newRow("empty") << QByteArray()
                           << "the message is not valid SIP: not a SIP message (no request or status line)";
    QTest::newRow("missing Call-ID") << crlf("OPTIONS sip:192.0.2.1 SIP/2.0\n"
                                             "Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-m1\n"
                                             "From: <sip:a@127.0.0.9>;tag=1\n"
                                             "To: <sip:192.0.2.1>\n"
                                             "CSeq: 1 OPTIONS\n\n")
                                     << "the message is not valid SIP: missing Call-ID";
    QTest::newRow("bad CSeq") << crlf("OPTIONS sip:192.0.2.1 SIP/2.0\n"
                                      "Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-m2\n"
                                      "From: <sip:a@127.0.0.9>;tag=1\n"
                                      "To: <sip:192.0.2.1>\n"
                                      "Call-ID: bad-cseq\n"
                                      "CSeq: one OPTIONS\n\n")
                              << "the message is not valid SIP: bad CSeq header";
}

void TestDryRun::refusedMessages()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, error);
    DryRun::Result result;
    QString text;
    QVERIFY(!DryRun::run(*m_starter, m_caches, Now, message, QStringLiteral("127.0.0.9:5060"), Transport::Udp, &result,
                         &text));
    QCOMPARE(text, error);
}

void TestDryRun::lfOnlyMessageIsAccepted()
{
    QByteArray lfOnly = m_invite;
    lfOnly.replace("\r\n", "\n");
    const DryRun::Result result = run(lfOnly, QStringLiteral("127.0.0.9:5060"));
    QCOMPARE(result.json.value(QStringLiteral("decision")).toObject().value(QStringLiteral("outcome")).toString(),
             QStringLiteral("relay"));
    // Forwarded with the CRLF line ends of the wire.
    QCOMPARE(result.json.value(QStringLiteral("rewrittenMessage")).toString(), QString::fromUtf8(m_invite));
}

void TestDryRun::jsonMatchesTheCatalogue()
{
    const MethodSpec* method = ControlCatalogue::instance().method(QStringLiteral("rules.dryRun"));
    QVERIFY(method);
    QVERIFY(!method->result.isEmpty());
    for (const QByteArray& message : {m_invite, Options}) {
        for (const QString& source : {QStringLiteral("127.0.0.9:5060"), QStringLiteral("203.0.113.7:5060")}) {
            const DryRun::Result result = run(message, source);
            QVERIFY(!result.json.isEmpty());
            for (const FieldSpec& field : method->result) {
                QVERIFY2(result.json.contains(field.name), qPrintable(field.name));
                const QJsonValue value = result.json.value(field.name);
                if (field.type == u"object")
                    QVERIFY2(value.isObject(), qPrintable(field.name));
                else if (field.type == u"string")
                    QVERIFY2(value.isString(), qPrintable(field.name));
                else if (field.type == u"string or null")
                    QVERIFY2(value.isString() || value.isNull(), qPrintable(field.name));
                else if (field.type == u"array of strings")
                    QVERIFY2(value.isArray(), qPrintable(field.name));
                else
                    QFAIL(qPrintable(QStringLiteral("unexpected catalogue type %1 of %2").arg(field.type, field.name)));
            }
            // Beyond the catalogue: where the request came from, for the console's test bench.
            const QStringList keys = result.json.keys();
            QCOMPARE(QSet<QString>(keys.begin(), keys.end()),
                     (QSet<QString>{QStringLiteral("source"), QStringLiteral("transport"), QStringLiteral("carrier"),
                                    QStringLiteral("flags"), QStringLiteral("decision"), QStringLiteral("trace"),
                                    QStringLiteral("rewrittenMessage")}));
            const QJsonObject trace = result.json.value(QStringLiteral("trace")).toObject();
            QVERIFY(trace.value(QStringLiteral("initialFlags")).isArray());
            QVERIFY(trace.value(QStringLiteral("visits")).isArray());
        }
    }
}

void TestDryRun::textShape()
{
    const DryRun::Result result = run(m_invite, QStringLiteral("127.0.0.9:5060"));
    const QStringList sections = result.text.split(QStringLiteral("\n\n"));
    QCOMPARE(sections.size(), 4);
    QCOMPARE(sections[0], QStringLiteral("Source 127.0.0.9:5060 over udp: carrier demo-carrier"));
    QVERIFY2(
        sections[1].startsWith(QStringLiteral("Decision\nrelay to group core (MAIN › rule \"carrier-to-core\")\n")),
        qPrintable(sections[1]));
    QVERIFY(sections[1].contains(QStringLiteral("sticky: cache associations key \"a84b4c76e66710@203.0.113.7\"")));
    QVERIFY(sections[1].contains(QStringLiteral("flags: FROM_CARRIER\n")));
    QVERIFY(sections[2].startsWith(QStringLiteral("Trace\n")));
    QVERIFY(sections[2].contains(QStringLiteral("carrier-to-core")));
    QVERIFY(sections[3].startsWith(QStringLiteral(
        "Message as it would be forwarded (before Via, Record-Route and Max-Forwards)\nINVITE sip:+4930123456@")));
    QVERIFY(result.text.endsWith(QString::fromUtf8(m_invite)));

    const DryRun::Result refused = run(Options, QStringLiteral("[2001:db8::5]:5062"), Transport::Tcp);
    QVERIFY2(refused.text.startsWith(QStringLiteral("Source [2001:db8::5]:5062 over tcp: no carrier\n\nDecision\n"
                                                    "reply 503 Options Reply (MAIN › rule \"options\")\n")),
             qPrintable(refused.text));
}

void TestDryRun::cachesAreReadNeverWritten()
{
    // A sticky destination in the live cache shows as the preferred destination...
    CacheStore caches;
    caches.configure({CacheDefinition{QStringLiteral("associations"), QString(), 60, 10}});
    QVERIFY(caches.store("associations", "a84b4c76e66710@203.0.113.7", "sip:127.0.0.1:5080", Now));
    DryRun::Result result;
    QString error;
    QVERIFY2(DryRun::run(*m_starter, caches, Now, m_invite, QStringLiteral("127.0.0.9:5060"), Transport::Udp, &result,
                         &error),
             qPrintable(error));
    QCOMPARE(result.json.value(QStringLiteral("decision"))
                 .toObject()
                 .value(QStringLiteral("relay"))
                 .toObject()
                 .value(QStringLiteral("preferredDestination"))
                 .toString(),
             QStringLiteral("sip:127.0.0.1:5080"));
    // ...and nothing is written: the other call's key stays absent.
    QByteArray other = m_invite;
    other.replace("a84b4c76e66710@203.0.113.7", "another-call@203.0.113.7");
    QVERIFY(
        DryRun::run(*m_starter, caches, Now, other, QStringLiteral("127.0.0.9:5060"), Transport::Udp, &result, &error));
    std::string value;
    QVERIFY(!caches.lookup("associations", "another-call@203.0.113.7", Now, &value));
    QCOMPARE(caches.caches().front().size, std::size_t(1));
}

QTEST_GUILESS_MAIN(TestDryRun)
#include "TestDryRun.moc"
