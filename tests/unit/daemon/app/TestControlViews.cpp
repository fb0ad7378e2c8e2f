// ControlViews: the control protocol's shared objects built from the daemon's records. Each view
// is checked field by field against the catalogue's object spec (shared/protocol), in both
// directions, so that the published contract and what the daemon sends cannot drift apart.
#include "app/ControlViews.h"
#include "protocol/ControlCatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <cmath>

using namespace tollgate;

namespace {

constexpr std::int64_t Started = 1'714'564'800'000; // 2024-05-01T12:00:00.000Z

const ObjectSpec* objectSpec(const QString& name)
{
    for (const ObjectSpec& spec : ControlCatalogue::instance().objects()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

bool isObjectName(const QString& type)
{
    return objectSpec(type) != nullptr;
}

/// Whether `value` has the catalogue type `type` ("string", "integer", "string or null",
/// "array of call", an object name, ...).
bool hasType(const QJsonValue& value, const QString& type)
{
    if (type.endsWith(QStringLiteral(" or null")))
        return value.isNull() || hasType(value, type.chopped(8));
    if (type.startsWith(QStringLiteral("array of "))) {
        if (!value.isArray())
            return false;
        const QString element = type.mid(9) == u"strings" ? QStringLiteral("string") : type.mid(9);
        for (const QJsonValue& item : value.toArray()) {
            if (!hasType(item, element))
                return false;
        }
        return true;
    }
    if (type == u"any")
        return !value.isUndefined();
    if (type == u"string")
        return value.isString();
    if (type == u"integer")
        return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
    if (type == u"number")
        return value.isDouble();
    if (type == u"boolean")
        return value.isBool();
    if (type == u"object" || isObjectName(type))
        return value.isObject();
    return false;
}

QSet<QString> keySet(const QStringList& keys)
{
    return QSet<QString>(keys.begin(), keys.end());
}

CallSummary answeredCall()
{
    CallSummary call;
    call.serial = 7;
    call.callId = QStringLiteral("a84b4c76e66710@203.0.113.7");
    call.fromTag = QStringLiteral("1928301774");
    call.toTag = QStringLiteral("core-99");
    call.caller = QStringLiteral("+4921199887766");
    call.callee = QStringLiteral("+4930123456");
    call.carrier = QStringLiteral("acme");
    call.group = QStringLiteral("core");
    call.destination = QStringLiteral("sip:10.0.0.10:5060");
    call.source = QStringLiteral("203.0.113.7:5060 udp");
    call.state = DialogState::Confirmed;
    call.finalCode = 200;
    call.createdMs = Started;
    call.answeredMs = Started + 4'000;
    call.durationMs = 65'900;
    call.ageMs = 69'900;
    return call;
}

CallSummary settingUpCall()
{
    CallSummary call;
    call.callId = QStringLiteral("setup-1@core");
    call.caller = QStringLiteral("alice");
    call.callee = QStringLiteral("bob");
    call.source = QStringLiteral("[2001:db8::5]:5062 tcp");
    call.destination = QStringLiteral("sip:bob@198.51.100.9:5060");
    call.state = DialogState::Trying;
    call.createdMs = Started;
    return call;
}

CallSummary endedCall(bool answered, DialogEndReason reason, int finalCode)
{
    CallSummary call = answeredCall();
    call.state = DialogState::Terminated;
    call.endReason = reason;
    call.finalCode = finalCode;
    if (!answered) {
        call.answeredMs = -1;
        call.durationMs = 0;
    }
    call.endedMs = Started + 70'000;
    return call;
}

DestinationStatus probedDestination()
{
    DestinationStatus status;
    status.id = 3;
    status.group = QStringLiteral("core");
    status.name = QStringLiteral("core-a");
    status.uri = QStringLiteral("sip:10.0.0.10:5060");
    status.priority = 1;
    status.weight = 2;
    status.usable = false;
    status.admin = DestinationAdminState::Draining;
    status.adminReason = QStringLiteral("maintenance");
    status.adminUser = QStringLiteral("alice");
    status.adminSinceMs = Started + 1'000;
    status.health = DestinationHealth::Up;
    status.healthReason = QStringLiteral("probe answered 200 in 3 ms");
    status.healthSinceMs = Started;
    status.probing = true;
    status.lastProbeMs = Started + 500;
    status.lastProbeCode = 200;
    status.lastProbeRttMs = 3;
    status.activeCalls = 4;
    status.attempts = 120;
    status.failures = 2;
    status.timeouts = 1;
    return status;
}

DestinationStatus untouchedDestination()
{
    DestinationStatus status;
    status.group = QStringLiteral("core");
    status.uri = QStringLiteral("sip:10.0.0.11:5060");
    status.usable = true;
    return status;
}

} // namespace

class TestControlViews : public QObject
{
    Q_OBJECT

private slots:
    void catalogueHasEveryObject();
    void shapesMatchTheCatalogue_data();
    void shapesMatchTheCatalogue();
    void time();
    void callStates_data();
    void callStates();
    void dialogStateFilters_data();
    void dialogStateFilters();
    void callValues();
    void callSourceAndTransport_data();
    void callSourceAndTransport();
    void messageValues();
    void destinationValues();
    void destinationNeverChanged();
    void revisionValues();
    void diagnosticValues();
    void changeValues();
    void auditEntryValues();
};

void TestControlViews::catalogueHasEveryObject()
{
    for (const char* name : {"call", "message", "destination", "revision", "diagnostic", "change", "auditEntry"})
        QVERIFY2(objectSpec(QString::fromLatin1(name)), name);
}

void TestControlViews::shapesMatchTheCatalogue_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QJsonObject>("view");

    QTest::newRow("call answered") << "call" << ControlViews::call(answeredCall());
    QTest::newRow("call setting up") << "call" << ControlViews::call(settingUpCall());
    QTest::newRow("call ended") << "call" << ControlViews::call(endedCall(true, DialogEndReason::CallerHungUp, 200));
    QTest::newRow("call failed") << "call" << ControlViews::call(endedCall(false, DialogEndReason::Rejected, 486));

    CallTraceEntry in;
    in.timeMs = Started;
    in.from = "203.0.113.7:5060";
    in.to = "192.0.2.1:5060";
    in.firstLine = "INVITE sip:+4930123456@192.0.2.1 SIP/2.0";
    in.text = "INVITE sip:+4930123456@192.0.2.1 SIP/2.0\r\n...";
    QTest::newRow("message in") << "message" << ControlViews::message(in);
    CallTraceEntry out;
    out.direction = CallTraceEntry::Direction::Out;
    out.transport = Transport::Tcp;
    out.from = "[2001:db8::1]:5060";
    out.to = "[2001:db8::9]:5060";
    out.firstLine = "SIP/2.0 180 Ringing";
    QTest::newRow("message out, first line only") << "message" << ControlViews::message(out);

    QTest::newRow("destination probed") << "destination" << ControlViews::destination(probedDestination());
    QTest::newRow("destination untouched") << "destination" << ControlViews::destination(untouchedDestination());

    RevisionInfo revision{12,
                          QDateTime::fromMSecsSinceEpoch(Started, Qt::UTC),
                          QStringLiteral("alice"),
                          QStringLiteral("carrier B"),
                          QString(64, u'a'),
                          4096,
                          0};
    QTest::newRow("revision") << "revision" << ControlViews::revision(revision);
    revision.rolledBackFrom = 9;
    QTest::newRow("revision rolled back") << "revision" << ControlViews::revision(revision);

    QTest::newRow("diagnostic error") << "diagnostic"
                                      << ControlViews::diagnostic({Diagnostic::Severity::Error,
                                                                   QStringLiteral("route MAIN › rule \"options\""),
                                                                   QStringLiteral("unknown flag X"),
                                                                   QStringLiteral("did you mean Y?")});
    QTest::newRow("diagnostic warning, whole document")
        << "diagnostic"
        << ControlViews::diagnostic({Diagnostic::Severity::Warning, QString(), QStringLiteral("w"), {}});

    QTest::newRow("change added") << "change"
                                  << ControlViews::change({RuleSetChange::Kind::Added, QStringLiteral("cache \"x\""),
                                                           QJsonValue(),
                                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}});
    QTest::newRow("change changed") << "change"
                                    << ControlViews::change({RuleSetChange::Kind::Changed,
                                                             QStringLiteral("carrier \"acme\" › maxCallsPerSecond"), 10,
                                                             20});
    QTest::newRow("change moved") << "change"
                                  << ControlViews::change(
                                         {RuleSetChange::Kind::Moved, QStringLiteral("route MAIN › rule \"x\""), 3, 1});

    AuditLog::Entry entry{41,
                          Started,
                          QStringLiteral("alice"),
                          QStringLiteral("destinations.disable"),
                          QStringLiteral("core/core-a"),
                          QStringLiteral("ok"),
                          QJsonObject{{QStringLiteral("reason"), QStringLiteral("maintenance")}}};
    QTest::newRow("auditEntry") << "auditEntry" << ControlViews::auditEntry(entry);
}

void TestControlViews::shapesMatchTheCatalogue()
{
    QFETCH(QString, object);
    QFETCH(QJsonObject, view);
    const ObjectSpec* spec = objectSpec(object);
    QVERIFY(spec);

    QSet<QString> documented;
    for (const FieldSpec& field : spec->fields) {
        documented.insert(field.name);
        QVERIFY2(view.contains(field.name), qPrintable(QStringLiteral("%1 lacks %2").arg(object, field.name)));
        QVERIFY2(hasType(view.value(field.name), field.type),
                 qPrintable(
                     QStringLiteral("%1.%2 is not %3: %4")
                         .arg(object, field.name, field.type,
                              QString::fromUtf8(
                                  QJsonDocument(QJsonArray{view.value(field.name)}).toJson(QJsonDocument::Compact)))));
    }
    const QSet<QString> undocumented = keySet(view.keys()) - documented;
    QVERIFY2(undocumented.isEmpty(),
             qPrintable(QStringLiteral("%1 sends fields the catalogue does not document: %2")
                            .arg(object, QStringList(undocumented.begin(), undocumented.end()).join(u", "))));
}

void TestControlViews::time()
{
    QCOMPARE(ControlViews::time(Started), QJsonValue(QStringLiteral("2024-05-01T12:00:00.000Z")));
    QCOMPARE(ControlViews::time(Started + 123), QJsonValue(QStringLiteral("2024-05-01T12:00:00.123Z")));
    QCOMPARE(ControlViews::time(0), QJsonValue(QStringLiteral("1970-01-01T00:00:00.000Z")));
    QVERIFY(ControlViews::time(-1).isNull());
}

void TestControlViews::callStates_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("answered");
    QTest::addColumn<QString>("name");

    QTest::newRow("trying") << int(DialogState::Trying) << false << "setup";
    QTest::newRow("early") << int(DialogState::Early) << false << "ringing";
    QTest::newRow("confirmed") << int(DialogState::Confirmed) << true << "answered";
    QTest::newRow("terminated after an answer") << int(DialogState::Terminated) << true << "ended";
    QTest::newRow("terminated unanswered") << int(DialogState::Terminated) << false << "failed";
}

void TestControlViews::callStates()
{
    QFETCH(int, state);
    QFETCH(bool, answered);
    QFETCH(QString, name);
    CallSummary call = settingUpCall();
    call.state = DialogState(state);
    call.answeredMs = answered ? Started + 1 : -1;
    QCOMPARE(ControlViews::callState(call), name);
    QCOMPARE(ControlViews::call(call).value(QStringLiteral("state")).toString(), name);
}

void TestControlViews::dialogStateFilters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("state"); // -1: unknown
    QTest::addColumn<bool>("failedOnly");
    QTest::addColumn<bool>("endedOnly");

    QTest::newRow("setup") << "setup" << int(DialogState::Trying) << false << false;
    QTest::newRow("ringing") << "ringing" << int(DialogState::Early) << false << false;
    QTest::newRow("answered") << "answered" << int(DialogState::Confirmed) << false << false;
    QTest::newRow("ended") << "ended" << int(DialogState::Terminated) << false << true;
    QTest::newRow("failed") << "failed" << int(DialogState::Terminated) << true << false;
    QTest::newRow("unknown") << "trying" << -1 << false << false;
    QTest::newRow("case-sensitive") << "Setup" << -1 << false << false;
}

void TestControlViews::dialogStateFilters()
{
    QFETCH(QString, name);
    QFETCH(int, state);
    QFETCH(bool, failedOnly);
    QFETCH(bool, endedOnly);
    bool failed = true;
    bool ended = true;
    const std::optional<DialogState> parsed = ControlViews::dialogStateFor(name, &failed, &ended);
    QCOMPARE(parsed.has_value(), state >= 0);
    if (parsed)
        QCOMPARE(int(*parsed), state);
    QCOMPARE(failed, failedOnly);
    QCOMPARE(ended, endedOnly);
}

void TestControlViews::callValues()
{
    const QJsonObject answered = ControlViews::call(answeredCall());
    QCOMPARE(answered.value(QStringLiteral("callId")).toString(), QStringLiteral("a84b4c76e66710@203.0.113.7"));
    QCOMPARE(answered.value(QStringLiteral("caller")).toString(), QStringLiteral("+4921199887766"));
    QCOMPARE(answered.value(QStringLiteral("callee")).toString(), QStringLiteral("+4930123456"));
    QCOMPARE(answered.value(QStringLiteral("carrier")).toString(), QStringLiteral("acme"));
    QCOMPARE(answered.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
    QCOMPARE(answered.value(QStringLiteral("destination")).toString(), QStringLiteral("sip:10.0.0.10:5060"));
    QCOMPARE(answered.value(QStringLiteral("startedAt")).toString(), QStringLiteral("2024-05-01T12:00:00.000Z"));
    QCOMPARE(answered.value(QStringLiteral("answeredAt")).toString(), QStringLiteral("2024-05-01T12:00:04.000Z"));
    QVERIFY(answered.value(QStringLiteral("endedAt")).isNull());
    QCOMPARE(answered.value(QStringLiteral("durationSeconds")).toInteger(), 65); // whole seconds, rounded down
    QCOMPARE(answered.value(QStringLiteral("finalCode")).toInt(), 200);
    QCOMPARE(answered.value(QStringLiteral("endReason")).toString(), QString()); // in progress

    const QJsonObject setup = ControlViews::call(settingUpCall());
    QVERIFY(setup.value(QStringLiteral("carrier")).isNull());
    QVERIFY(setup.value(QStringLiteral("group")).isNull());
    QVERIFY(setup.value(QStringLiteral("answeredAt")).isNull());
    QCOMPARE(setup.value(QStringLiteral("durationSeconds")).toInteger(), 0);
    QCOMPARE(setup.value(QStringLiteral("finalCode")).toInt(), 0);

    const QJsonObject ended = ControlViews::call(endedCall(true, DialogEndReason::CalleeHungUp, 200));
    QCOMPARE(ended.value(QStringLiteral("state")).toString(), QStringLiteral("ended"));
    QCOMPARE(ended.value(QStringLiteral("endedAt")).toString(), QStringLiteral("2024-05-01T12:01:10.000Z"));
    QCOMPARE(ended.value(QStringLiteral("endReason")).toString(), QStringLiteral("callee-bye"));

    const QJsonObject failed = ControlViews::call(endedCall(false, DialogEndReason::Canceled, 487));
    QCOMPARE(failed.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(failed.value(QStringLiteral("endReason")).toString(), QStringLiteral("canceled"));
    QCOMPARE(failed.value(QStringLiteral("finalCode")).toInt(), 487);
    QCOMPARE(failed.value(QStringLiteral("durationSeconds")).toInteger(), 0);
}

void TestControlViews::callSourceAndTransport_data()
{
    QTest::addColumn<QString>("recorded");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("transport");

    QTest::newRow("IPv4 over UDP") << "203.0.113.7:5060 udp"
                                   << "203.0.113.7:5060"
                                   << "udp";
    QTest::newRow("IPv6 over TCP") << "[2001:db8::5]:5062 tcp"
                                   << "[2001:db8::5]:5062"
                                   << "tcp";
    QTest::newRow("TLS") << "198.51.100.1:5061 tls"
                         << "198.51.100.1:5061"
                         << "tls";
    QTest::newRow("no transport recorded") << "198.51.100.1:5060"
                                           << "198.51.100.1:5060"
                                           << "udp";
    QTest::newRow("nothing recorded") << ""
                                      << ""
                                      << "udp";
}

void TestControlViews::callSourceAndTransport()
{
    QFETCH(QString, recorded);
    QFETCH(QString, source);
    QFETCH(QString, transport);
    CallSummary call = settingUpCall();
    call.source = recorded;
    const QJsonObject view = ControlViews::call(call);
    QCOMPARE(view.value(QStringLiteral("source")).toString(), source);
    QCOMPARE(view.value(QStringLiteral("transport")).toString(), transport);
}

void TestControlViews::messageValues()
{
    CallTraceEntry entry;
    entry.timeMs = Started + 42;
    entry.direction = CallTraceEntry::Direction::Out;
    entry.from = "192.0.2.1:5060";
    entry.to = "[2001:db8::9]:5060";
    entry.transport = Transport::Tls;
    entry.firstLine = "SIP/2.0 200 OK";
    entry.text = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
    const QJsonObject view = ControlViews::message(entry);
    QCOMPARE(view,
             (QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:00:00.042Z")},
                          {QStringLiteral("direction"), QStringLiteral("out")},
                          {QStringLiteral("from"), QStringLiteral("192.0.2.1:5060")},
                          {QStringLiteral("to"), QStringLiteral("[2001:db8::9]:5060")},
                          {QStringLiteral("transport"), QStringLiteral("tls")},
                          {QStringLiteral("firstLine"), QStringLiteral("SIP/2.0 200 OK")},
                          {QStringLiteral("text"), QStringLiteral("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")}}));
    entry.direction = CallTraceEntry::Direction::In;
    QCOMPARE(ControlViews::message(entry).value(QStringLiteral("direction")).toString(), QStringLiteral("in"));
}

void TestControlViews::destinationValues()
{
    const QJsonObject view = ControlViews::destination(probedDestination());
    QCOMPARE(view.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
    QCOMPARE(view.value(QStringLiteral("name")).toString(), QStringLiteral("core-a"));
    QCOMPARE(view.value(QStringLiteral("uri")).toString(), QStringLiteral("sip:10.0.0.10:5060"));
    QCOMPARE(view.value(QStringLiteral("priority")).toInt(), 1);
    QCOMPARE(view.value(QStringLiteral("weight")).toInt(), 2);
    QCOMPARE(view.value(QStringLiteral("state")).toString(), QStringLiteral("draining"));
    QCOMPARE(view.value(QStringLiteral("health")).toString(), QStringLiteral("up"));
    QCOMPARE(view.value(QStringLiteral("active")).toInt(), 4);
    QCOMPARE(view.value(QStringLiteral("reason")).toString(), QStringLiteral("maintenance"));
    QCOMPARE(view.value(QStringLiteral("changedBy")).toString(), QStringLiteral("alice"));
    QCOMPARE(view.value(QStringLiteral("changedAt")).toString(), QStringLiteral("2024-05-01T12:00:01.000Z"));
    QCOMPARE(view.value(QStringLiteral("healthChangedAt")).toString(), QStringLiteral("2024-05-01T12:00:00.000Z"));
    QCOMPARE(view.value(QStringLiteral("lastProbe")).toObject(),
             (QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:00:00.500Z")},
                          {QStringLiteral("code"), 200},
                          {QStringLiteral("rttMs"), 3}}));
    QCOMPARE(view.value(QStringLiteral("usable")).toBool(), false);
    QCOMPARE(view.value(QStringLiteral("attempts")).toInteger(), 120);
    QCOMPARE(view.value(QStringLiteral("failures")).toInteger(), 2);
    QCOMPARE(view.value(QStringLiteral("timeouts")).toInteger(), 1);
}

void TestControlViews::destinationNeverChanged()
{
    const QJsonObject view = ControlViews::destination(untouchedDestination());
    // Without a name a destination is named by its URI.
    QCOMPARE(view.value(QStringLiteral("name")).toString(), QStringLiteral("sip:10.0.0.11:5060"));
    QCOMPARE(view.value(QStringLiteral("state")).toString(), QStringLiteral("enabled"));
    QCOMPARE(view.value(QStringLiteral("health")).toString(), QStringLiteral("unknown"));
    QCOMPARE(view.value(QStringLiteral("reason")).toString(), QString());
    QCOMPARE(view.value(QStringLiteral("changedBy")).toString(), QString());
    QVERIFY(view.value(QStringLiteral("changedAt")).isNull());
    QVERIFY(view.value(QStringLiteral("healthChangedAt")).isNull());
    QVERIFY(view.value(QStringLiteral("lastProbe")).isNull());
    QCOMPARE(view.value(QStringLiteral("usable")).toBool(), true);
}

void TestControlViews::revisionValues()
{
    const RevisionInfo info{3,
                            QDateTime::fromMSecsSinceEpoch(Started + 7, Qt::UTC),
                            QStringLiteral("bob"),
                            QStringLiteral("rollback after incident"),
                            QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                            2048,
                            2};
    QCOMPARE(ControlViews::revision(info),
             (QJsonObject{{QStringLiteral("id"), 3},
                          {QStringLiteral("createdAt"), QStringLiteral("2024-05-01T12:00:00.007Z")},
                          {QStringLiteral("author"), QStringLiteral("bob")},
                          {QStringLiteral("comment"), QStringLiteral("rollback after incident")},
                          {QStringLiteral("checksum"),
                           QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")},
                          {QStringLiteral("sizeBytes"), 2048},
                          {QStringLiteral("rolledBackFrom"), 2}}));
}

void TestControlViews::diagnosticValues()
{
    const Diagnostic finding{Diagnostic::Severity::Error, QStringLiteral("route MAIN › rule \"options\" › action 2"),
                             QStringLiteral("unknown flag INTERNALY_SOURCED"),
                             QStringLiteral("did you mean INTERNALLY_SOURCED?")};
    const QJsonObject view = ControlViews::diagnostic(finding);
    QCOMPARE(view.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(view.value(QStringLiteral("path")).toString(), finding.path);
    QCOMPARE(view.value(QStringLiteral("message")).toString(), finding.message);
    QCOMPARE(view.value(QStringLiteral("hint")).toString(), finding.hint);
    QCOMPARE(view.value(QStringLiteral("text")).toString(), finding.toString());

    const Diagnostic warning{Diagnostic::Severity::Warning, QString(), QStringLiteral("rule can never run"), {}};
    QCOMPARE(ControlViews::diagnostic(warning).value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));

    const QJsonArray list = ControlViews::diagnostics({finding, warning});
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).toObject(), view);
    QCOMPARE(list.at(1).toObject(), ControlViews::diagnostic(warning));
    QVERIFY(ControlViews::diagnostics({}).isEmpty());
}

void TestControlViews::changeValues()
{
    const RuleSetChange added{RuleSetChange::Kind::Added, QStringLiteral("route MAIN › rule \"x\""), QJsonValue(),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}};
    const QJsonObject addedView = ControlViews::change(added);
    QCOMPARE(addedView.value(QStringLiteral("kind")).toString(), QStringLiteral("added"));
    QCOMPARE(addedView.value(QStringLiteral("path")).toString(), added.path);
    QVERIFY(addedView.contains(QStringLiteral("before")));
    QVERIFY(addedView.value(QStringLiteral("before")).isNull());
    QCOMPARE(addedView.value(QStringLiteral("after")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("x"));
    QCOMPARE(addedView.value(QStringLiteral("text")).toString(), added.toString());

    const RuleSetChange removed{RuleSetChange::Kind::Removed, QStringLiteral("flag \"OLD\""),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("OLD")}}, QJsonValue()};
    const QJsonObject removedView = ControlViews::change(removed);
    QCOMPARE(removedView.value(QStringLiteral("kind")).toString(), QStringLiteral("removed"));
    QVERIFY(removedView.contains(QStringLiteral("after")));
    QVERIFY(removedView.value(QStringLiteral("after")).isNull());

    const RuleSetChange changed{RuleSetChange::Kind::Changed, QStringLiteral("carrier \"acme\" › maxCallsPerSecond"),
                                10, 20};
    const QJsonObject changedView = ControlViews::change(changed);
    QCOMPARE(changedView.value(QStringLiteral("kind")).toString(), QStringLiteral("changed"));
    QCOMPARE(changedView.value(QStringLiteral("before")).toInt(), 10);
    QCOMPARE(changedView.value(QStringLiteral("after")).toInt(), 20);
    QCOMPARE(changedView.value(QStringLiteral("text")).toString(), changed.toString());

    const RuleSetChange moved{RuleSetChange::Kind::Moved, QStringLiteral("route MAIN › rule \"x\""), 3, 1};
    QCOMPARE(ControlViews::change(moved).value(QStringLiteral("kind")).toString(), QStringLiteral("moved"));
    // The same object as the diff list the CLI prints, plus its text.
    QJsonObject expected = ruleSetChangesToJson({moved}).at(0).toObject();
    expected.insert(QStringLiteral("text"), moved.toString());
    QCOMPARE(ControlViews::change(moved), expected);
}

void TestControlViews::auditEntryValues()
{
    const AuditLog::Entry entry{9,
                                Started + 250,
                                QStringLiteral("alice"),
                                QStringLiteral("rules.apply"),
                                QStringLiteral("revision 12"),
                                QStringLiteral("ok"),
                                QJsonObject{{QStringLiteral("checksum"), QStringLiteral("abc")}}};
    QCOMPARE(
        ControlViews::auditEntry(entry),
        (QJsonObject{{QStringLiteral("id"), 9},
                     {QStringLiteral("time"), QStringLiteral("2024-05-01T12:00:00.250Z")},
                     {QStringLiteral("user"), QStringLiteral("alice")},
                     {QStringLiteral("action"), QStringLiteral("rules.apply")},
                     {QStringLiteral("target"), QStringLiteral("revision 12")},
                     {QStringLiteral("result"), QStringLiteral("ok")},
                     {QStringLiteral("details"), QJsonObject{{QStringLiteral("checksum"), QStringLiteral("abc")}}}}));
}

QTEST_GUILESS_MAIN(TestControlViews)
#include "TestControlViews.moc"
