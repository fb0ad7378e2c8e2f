#include "TestPaths.h"
#include "protocol/ControlCatalogue.h"
#include "protocol/ControlProtocolDoc.h"
#include "protocol/ParamsChecker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace tollgate;

class TestControlCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void methodOrderIsPinned();
    void methodNamesAreUniqueNounVerb();
    void mutatingMethodsArePinned();
    void topicsAndNotificationsArePinned();
    void paramsAreWellFormed();
    void defaultsPassTheirOwnChecks();
    void resultTypesNameKnownObjects();
    void cliCommandsMapOntoParams();
    void lookups();
    void checkParams_data();
    void checkParams();
    void defaultsAreFilledIn();
    void docsMatchTheCatalogue();
};

void TestControlCatalogue::methodOrderIsPinned()
{
    // Append-only: a new method goes at the end of this list, an existing one never moves.
    const QStringList expected{
        QStringLiteral("system.hello"),
        QStringLiteral("system.status"),
        QStringLiteral("stats.get"),
        QStringLiteral("calls.list"),
        QStringLiteral("calls.get"),
        QStringLiteral("calls.end"),
        QStringLiteral("destinations.list"),
        QStringLiteral("destinations.enable"),
        QStringLiteral("destinations.disable"),
        QStringLiteral("destinations.drain"),
        QStringLiteral("groups.failover"),
        QStringLiteral("rules.get"),
        QStringLiteral("rules.validate"),
        QStringLiteral("rules.apply"),
        QStringLiteral("rules.revisions"),
        QStringLiteral("rules.diff"),
        QStringLiteral("rules.rollback"),
        QStringLiteral("rules.dryRun"),
        QStringLiteral("audit.list"),
        QStringLiteral("events.subscribe"),
        QStringLiteral("events.unsubscribe"),
    };
    QCOMPARE(ControlCatalogue::instance().methodNames(), expected);
}

void TestControlCatalogue::methodNamesAreUniqueNounVerb()
{
    static const QRegularExpression nounVerb(QStringLiteral("^[a-z][a-zA-Z]*\\.[a-z][a-zA-Z]*$"));
    QSet<QString> seen;
    for (const MethodSpec& method : ControlCatalogue::instance().methods()) {
        QVERIFY2(nounVerb.match(method.name).hasMatch(), qPrintable(method.name));
        QVERIFY2(!seen.contains(method.name), qPrintable(method.name));
        seen.insert(method.name);
        QVERIFY2(!method.summary.isEmpty() && method.summary.endsWith(QLatin1Char('.')), qPrintable(method.name));
        QCOMPARE(method.noun() + QLatin1Char('.') + method.verb(), method.name);
    }
}

void TestControlCatalogue::mutatingMethodsArePinned()
{
    QStringList mutating;
    for (const MethodSpec& method : ControlCatalogue::instance().methods()) {
        if (method.mutating)
            mutating << method.name;
    }
    QCOMPARE(mutating, QStringList({QStringLiteral("calls.end"), QStringLiteral("destinations.enable"),
                                    QStringLiteral("destinations.disable"), QStringLiteral("destinations.drain"),
                                    QStringLiteral("groups.failover"), QStringLiteral("rules.apply"),
                                    QStringLiteral("rules.rollback")}));
}

void TestControlCatalogue::topicsAndNotificationsArePinned()
{
    const ControlCatalogue& catalogue = ControlCatalogue::instance();
    QCOMPARE(catalogue.topicNames(),
             QStringList({QStringLiteral("calls"), QStringLiteral("destinations"), QStringLiteral("rules"),
                          QStringLiteral("stats"), QStringLiteral("audit")}));
    QStringList notifications;
    for (const TopicSpec& topic : catalogue.topics()) {
        QVERIFY(!topic.summary.isEmpty());
        for (const NotificationSpec& notification : topic.notifications)
            notifications << topic.name + QLatin1Char('/') + notification.name;
    }
    QCOMPARE(notifications,
             QStringList({QStringLiteral("calls/call.created"), QStringLiteral("calls/call.updated"),
                          QStringLiteral("calls/call.ended"), QStringLiteral("calls/call.message"),
                          QStringLiteral("destinations/destination.changed"), QStringLiteral("rules/rules.applied"),
                          QStringLiteral("stats/stats.tick"), QStringLiteral("audit/audit.added")}));
    QCOMPARE(catalogue.serverNotifications().size(), 1);
    QCOMPARE(catalogue.serverNotifications().first().name, QStringLiteral("events.lost"));
    QVERIFY(catalogue.topic(QStringLiteral("calls"))->notification(QStringLiteral("call.ended")));
    QVERIFY(!catalogue.topic(QStringLiteral("calls"))->notification(QStringLiteral("rules.applied")));
}

void TestControlCatalogue::paramsAreWellFormed()
{
    static const QRegularExpression camelCase(QStringLiteral("^[a-z][a-zA-Z]*$"));
    for (const MethodSpec& method : ControlCatalogue::instance().methods()) {
        QSet<QString> names;
        for (const ParamSpec& param : method.params) {
            const QString where = method.name + QLatin1Char(' ') + param.name;
            QVERIFY2(camelCase.match(param.name).hasMatch(), qPrintable(where));
            QVERIFY2(!names.contains(param.name), qPrintable(where));
            names.insert(param.name);
            QVERIFY2(!param.doc.isEmpty(), qPrintable(where));
            QVERIFY2(!(param.required && !param.defaultValue.isUndefined()),
                     qPrintable(where + QStringLiteral(": required with a default")));
            if (param.minimum || param.maximum)
                QVERIFY2(param.type == ParamType::Integer, qPrintable(where));
            if (!param.allowedValues.isEmpty())
                QVERIFY2(param.type == ParamType::String || param.type == ParamType::StringArray, qPrintable(where));
        }
    }
}

void TestControlCatalogue::defaultsPassTheirOwnChecks()
{
    for (const MethodSpec& method : ControlCatalogue::instance().methods()) {
        QJsonObject defaults;
        for (const ParamSpec& param : method.params) {
            if (!param.defaultValue.isUndefined())
                defaults.insert(param.name, param.defaultValue);
        }
        bool hasRequired = false;
        for (const ParamSpec& param : method.params)
            hasRequired = hasRequired || param.required;
        if (hasRequired)
            continue;
        QJsonObject normalized;
        QString error;
        QVERIFY2(ParamsChecker::check(method, defaults, &normalized, &error), qPrintable(error));
        QCOMPARE(normalized, defaults);
    }
}

void TestControlCatalogue::resultTypesNameKnownObjects()
{
    const ControlCatalogue& catalogue = ControlCatalogue::instance();
    QSet<QString> known{QStringLiteral("string"),  QStringLiteral("integer"), QStringLiteral("number"),
                        QStringLiteral("boolean"), QStringLiteral("object"),  QStringLiteral("any"),
                        QStringLiteral("strings"), QStringLiteral("objects")};
    for (const ObjectSpec& object : catalogue.objects())
        known.insert(object.name);
    const auto check = [&](const QList<FieldSpec>& fields, const QString& where) {
        for (const FieldSpec& field : fields) {
            // "array of call", "string or null": every word after the structure words is a type.
            QString type = field.type;
            type.remove(QStringLiteral("array of "));
            for (const QString& word : type.split(QStringLiteral(" or "))) {
                if (word == QStringLiteral("null"))
                    continue;
                QVERIFY2(known.contains(word),
                         qPrintable(where + QLatin1Char(' ') + field.name + QStringLiteral(": ") + word));
            }
            QVERIFY2(!field.doc.isEmpty(), qPrintable(where + QLatin1Char(' ') + field.name));
        }
    };
    for (const MethodSpec& method : catalogue.methods())
        check(method.result, method.name);
    for (const TopicSpec& topic : catalogue.topics()) {
        for (const NotificationSpec& notification : topic.notifications)
            check(notification.params, notification.name);
    }
    for (const NotificationSpec& notification : catalogue.serverNotifications())
        check(notification.params, notification.name);
    for (const ObjectSpec& object : catalogue.objects())
        check(object.fields, object.name);
}

void TestControlCatalogue::cliCommandsMapOntoParams()
{
    const ControlCatalogue& catalogue = ControlCatalogue::instance();
    QSet<QString> seen;
    for (const CliCommandSpec& command : catalogue.commands()) {
        const QString name = command.noun + QLatin1Char(' ') + command.verb;
        QVERIFY2(!seen.contains(name), qPrintable(name));
        seen.insert(name);
        QCOMPARE(catalogue.command(command.noun, command.verb)->method, command.method);
        const MethodSpec* method = catalogue.method(command.method);
        QVERIFY2(method, qPrintable(name));
        const auto expectType = [&](const QString& param, CliValueKind kind, bool repeated) {
            const ParamSpec* spec = method->param(param);
            QVERIFY2(spec, qPrintable(name + QStringLiteral(": no parameter ") + param));
            ParamType expected = ParamType::String;
            if (repeated)
                expected = ParamType::StringArray;
            else if (kind == CliValueKind::Integer)
                expected = ParamType::Integer;
            else if (kind == CliValueKind::JsonFile)
                expected = ParamType::Object;
            QVERIFY2(spec->type == expected, qPrintable(name + QLatin1Char(' ') + param));
        };
        for (const CliArgumentSpec& argument : command.arguments)
            expectType(argument.param, argument.kind, argument.repeated);
        for (const CliOptionSpec& option : command.options)
            expectType(option.param, option.kind, false);
        // Every required parameter can be given on the command line.
        for (const ParamSpec& param : method->params) {
            if (!param.required || command.fixedParams.contains(param.name))
                continue;
            bool mapped = false;
            for (const CliArgumentSpec& argument : command.arguments)
                mapped = mapped || (argument.param == param.name && !argument.optional);
            for (const CliOptionSpec& option : command.options)
                mapped = mapped || (option.param == param.name && option.required);
            QVERIFY2(mapped, qPrintable(name + QStringLiteral(": required parameter not mapped: ") + param.name));
        }
        QJsonObject normalized;
        QString error;
        if (!command.fixedParams.isEmpty() && command.arguments.isEmpty())
            QVERIFY2(ParamsChecker::check(*method, command.fixedParams, &normalized, &error), qPrintable(error));
    }
    QVERIFY(seen.contains(QStringLiteral("calls watch")));
    QVERIFY(seen.contains(QStringLiteral("rules export")));
}

void TestControlCatalogue::lookups()
{
    const ControlCatalogue& catalogue = ControlCatalogue::instance();
    QCOMPARE(catalogue.method(QStringLiteral("calls.list"))->name, QStringLiteral("calls.list"));
    QVERIFY(!catalogue.method(QStringLiteral("calls.lst")));
    QCOMPARE(catalogue.suggestMethod(QStringLiteral("calls.lst")), QStringLiteral("calls.list"));
    QCOMPARE(catalogue.suggestMethod(QStringLiteral("rules.aply")), QStringLiteral("rules.apply"));
    QVERIFY(catalogue.suggestMethod(QStringLiteral("completely.different")).isEmpty());
    QVERIFY(!catalogue.command(QStringLiteral("calls"), QStringLiteral("nope")));
}

void TestControlCatalogue::checkParams_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QString>("error"); // Empty when valid.

    QTest::newRow("none given") << QStringLiteral("stats.get") << QByteArray() << QString();
    QTest::newRow("null params") << QStringLiteral("stats.get") << QByteArray("null") << QString();
    QTest::newRow("valid") << QStringLiteral("calls.list")
                           << QByteArray(R"({"carrier":"acme","limit":10,"state":"ringing"})") << QString();
    QTest::newRow("by position") << QStringLiteral("calls.get") << QByteArray(R"(["abc"])")
                                 << QStringLiteral(
                                        "calls.get: params must be an object of named parameters, got an array");
    QTest::newRow("missing required") << QStringLiteral("calls.get") << QByteArray("{}")
                                      << QStringLiteral("calls.get: missing required parameter 'callId' (string)");
    QTest::newRow("null required") << QStringLiteral("calls.get") << QByteArray(R"({"callId":null})")
                                   << QStringLiteral("calls.get: missing required parameter 'callId' (string)");
    QTest::newRow("unknown with suggestion")
        << QStringLiteral("calls.list") << QByteArray(R"({"carier":"acme"})")
        << QStringLiteral("calls.list: unknown parameter 'carier' (did you mean 'carrier'?)");
    QTest::newRow("unknown without suggestion")
        << QStringLiteral("destinations.list") << QByteArray(R"({"zzzzzz":1})")
        << QStringLiteral("destinations.list: unknown parameter 'zzzzzz' (parameters: group)");
    QTest::newRow("method without params")
        << QStringLiteral("stats.get") << QByteArray(R"({"x":1})")
        << QStringLiteral("stats.get: unknown parameter 'x' (the method takes none)");
    QTest::newRow("string for integer") << QStringLiteral("calls.list") << QByteArray(R"({"limit":"10"})")
                                        << QStringLiteral(
                                               "calls.list: parameter 'limit' must be an integer, got a string");
    QTest::newRow("fraction for integer")
        << QStringLiteral("calls.list") << QByteArray(R"({"limit":1.5})")
        << QStringLiteral("calls.list: parameter 'limit' must be an integer, got a fractional number");
    QTest::newRow("huge integer")
        << QStringLiteral("calls.list") << QByteArray(R"({"offset":1e300})")
        << QStringLiteral("calls.list: parameter 'offset' must be an integer, got a number beyond +-2^53");
    QTest::newRow("below range") << QStringLiteral("calls.list") << QByteArray(R"({"limit":0})")
                                 << QStringLiteral("calls.list: parameter 'limit' must be between 1 and 10000, got 0");
    QTest::newRow("above range") << QStringLiteral("calls.list") << QByteArray(R"({"limit":10001})")
                                 << QStringLiteral(
                                        "calls.list: parameter 'limit' must be between 1 and 10000, got 10001");
    QTest::newRow("negative") << QStringLiteral("calls.list") << QByteArray(R"({"offset":-1})")
                              << QStringLiteral("calls.list: parameter 'offset' must be at least 0, got -1");
    QTest::newRow("number for string") << QStringLiteral("calls.get") << QByteArray(R"({"callId":5})")
                                       << QStringLiteral(
                                              "calls.get: parameter 'callId' must be a string, got an integer");
    QTest::newRow("empty string") << QStringLiteral("calls.get") << QByteArray(R"({"callId":"  "})")
                                  << QStringLiteral("calls.get: parameter 'callId' must not be empty");
    QTest::newRow("value not allowed")
        << QStringLiteral("rules.dryRun") << QByteArray(R"({"message":"OPTIONS","transport":"tpc"})")
        << QStringLiteral(
               "rules.dryRun: parameter 'transport': 'tpc' is not one of udp, tcp, tls (did you mean 'tcp'?)");
    QTest::newRow("object expected") << QStringLiteral("rules.validate") << QByteArray(R"({"ruleset":[]})")
                                     << QStringLiteral(
                                            "rules.validate: parameter 'ruleset' must be an object, got an array");
    QTest::newRow("array expected")
        << QStringLiteral("events.subscribe") << QByteArray(R"({"topics":"calls"})")
        << QStringLiteral("events.subscribe: parameter 'topics' must be an array of strings, got a string");
    QTest::newRow("array item type")
        << QStringLiteral("events.subscribe") << QByteArray(R"({"topics":["calls",3]})")
        << QStringLiteral("events.subscribe: parameter 'topics' must be an array of strings, but item 2 is an integer");
    QTest::newRow("unknown topic") << QStringLiteral("events.subscribe") << QByteArray(R"({"topics":["cals"]})")
                                   << QStringLiteral(
                                          "events.subscribe: parameter 'topics': 'cals' is not one of calls, "
                                          "destinations, rules, stats, audit (did you mean 'calls'?)");
    QTest::newRow("empty array") << QStringLiteral("events.subscribe") << QByteArray(R"({"topics":[]})")
                                 << QStringLiteral("events.subscribe: parameter 'topics' must not be empty");
    QTest::newRow("boolean for integer") << QStringLiteral("rules.diff") << QByteArray(R"({"from":true})")
                                         << QStringLiteral(
                                                "rules.diff: parameter 'from' must be an integer, got a boolean");
    QTest::newRow("long unknown name is cut")
        << QStringLiteral("stats.get") << (QByteArray("{\"") + QByteArray(200, 'k') + QByteArray("\":1}"))
        << QStringLiteral(
               "stats.get: unknown parameter 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' "
               "(200 characters) (the method takes none)");
}

void TestControlCatalogue::checkParams()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, params);
    QFETCH(QString, error);

    const MethodSpec* spec = ControlCatalogue::instance().method(method);
    QVERIFY(spec);
    QJsonValue value(QJsonValue::Undefined);
    if (params == "null")
        value = QJsonValue(QJsonValue::Null);
    else if (!params.isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(params);
        value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    }
    QJsonObject normalized;
    QString actual;
    const bool ok = ParamsChecker::check(*spec, value, &normalized, &actual);
    if (error.isEmpty()) {
        QVERIFY2(ok, qPrintable(actual));
    } else {
        QVERIFY(!ok);
        QCOMPARE(actual, error);
    }
}

void TestControlCatalogue::defaultsAreFilledIn()
{
    const MethodSpec* list = ControlCatalogue::instance().method(QStringLiteral("calls.list"));
    QJsonObject normalized;
    QString error;
    QVERIFY(ParamsChecker::check(
        *list,
        QJsonObject{{QStringLiteral("caller"), QStringLiteral("alice")}, {QStringLiteral("offset"), QJsonValue::Null}},
        &normalized, &error));
    QCOMPARE(normalized, QJsonObject({{QStringLiteral("caller"), QStringLiteral("alice")},
                                      {QStringLiteral("limit"), 100},
                                      {QStringLiteral("offset"), 0}}));

    const MethodSpec* dryRun = ControlCatalogue::instance().method(QStringLiteral("rules.dryRun"));
    QVERIFY(ParamsChecker::check(*dryRun,
                                 QJsonObject{{QStringLiteral("message"), QStringLiteral("OPTIONS sip:x SIP/2.0")}},
                                 &normalized, &error));
    QCOMPARE(normalized.value(QStringLiteral("transport")).toString(), QStringLiteral("udp"));
    QCOMPARE(normalized.value(QStringLiteral("source")).toString(), QStringLiteral("192.0.2.10:5060"));
    QVERIFY(!normalized.contains(QStringLiteral("ruleset")));
}

void TestControlCatalogue::docsMatchTheCatalogue()
{
    const QByteArray generated = ControlProtocolDoc::markdown(ControlCatalogue::instance());
    QVERIFY(generated.endsWith('\n'));
    const QByteArray committed = test::readFile(test::sourcePath(QString::fromLatin1(ControlProtocolDoc::SourcePath)));
    if (committed != generated) {
        // Point at the first differing line, then say how to fix it.
        const QList<QByteArray> expectedLines = generated.split('\n');
        const QList<QByteArray> actualLines = committed.split('\n');
        qsizetype line = 0;
        while (line < expectedLines.size() && line < actualLines.size() &&
               expectedLines.at(line) == actualLines.at(line))
            ++line;
        QFAIL(qPrintable(QStringLiteral("%1 differs from the catalogue at line %2:\n  file:      %3\n  generated: %4\n"
                                        "Regenerate it with: %5")
                             .arg(QString::fromLatin1(ControlProtocolDoc::SourcePath))
                             .arg(line + 1)
                             .arg(QString::fromUtf8(actualLines.value(line)),
                                  QString::fromUtf8(expectedLines.value(line)),
                                  QString::fromLatin1(ControlProtocolDoc::RegenerateCommand))));
    }
    // Every method, topic and object has its section.
    for (const MethodSpec& method : ControlCatalogue::instance().methods())
        QVERIFY2(generated.contains("### " + method.name.toUtf8() + '\n'), qPrintable(method.name));
    for (const TopicSpec& topic : ControlCatalogue::instance().topics())
        QVERIFY2(generated.contains("### Topic `" + topic.name.toUtf8() + "`\n"), qPrintable(topic.name));
    for (const ObjectSpec& object : ControlCatalogue::instance().objects())
        QVERIFY2(generated.contains("### " + object.name.toUtf8() + '\n'), qPrintable(object.name));
}

QTEST_GUILESS_MAIN(TestControlCatalogue)
#include "TestControlCatalogue.moc"
