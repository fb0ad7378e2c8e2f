// tollgated as an offline tool on a real SQLite file: check, import, export, revisions,
// rollback, diff and dry run, run as the operator would run them (the built binary, exit codes,
// stdout and stderr), including the refusals that must leave the database untouched.
#include "TestPaths.h"
#include "TollgateDaemon.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using tollgate::test::TollgateDaemon;

namespace {

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QJsonObject jsonOf(const QString& output)
{
    // The JSON document is the part between the first '{' and the last '}' (stderr notes go
    // around it).
    const qsizetype start = output.indexOf(u'{');
    const qsizetype end = output.lastIndexOf(u'}');
    return QJsonDocument::fromJson(output.mid(start, end - start + 1).toUtf8()).object();
}

} // namespace

class TestOfflineCommands : public QObject
{
    Q_OBJECT

private slots:
    void emptyDatabaseGetsTheStarterRuleset();
    void checkAcceptsValidAndNamesEveryProblem();
    void importExportRoundTripIsByteIdentical();
    void rollbackCreatesANewRevisionEqualToTheOldOne();
    void diffShowsWhatChanged();
    void dryRunShowsTheSeedCaseDecisions();
    void dryRunRefusesMalformedMessages();
    void refusedDatabaseIsNotModified();
    void usageErrorsExitWithTwo();
};

void TestOfflineCommands::emptyDatabaseGetsTheStarterRuleset()
{
    TollgateDaemon daemon;
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--revisions"), QStringLiteral("--json")}, &output), 0);
    const QJsonObject revisions = jsonOf(output);
    QCOMPARE(revisions.value(QStringLiteral("active")).toInt(), 1);
    const QJsonArray list = revisions.value(QStringLiteral("revisions")).toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("comment")).toString(), QStringLiteral("starter ruleset"));

    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &output), 0);
    QCOMPARE(output.toUtf8(), test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json"))));
}

void TestOfflineCommands::checkAcceptsValidAndNamesEveryProblem()
{
    TollgateDaemon daemon;
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--check"), test::dataPath(QStringLiteral("rulesets/seed.json"))}, &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("valid")), qPrintable(output));

    const QString invalid = test::dataPath(QStringLiteral("rulesets/invalid-unknown-flag.json"));
    QCOMPARE(daemon.runOffline({QStringLiteral("--check"), invalid}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("route MAIN \u203a rule \"options\" \u203a action 2: unknown flag "
                                            "INTERNALY_SOURCED (did you mean INTERNALLY_SOURCED?)")),
             qPrintable(output));

    QCOMPARE(daemon.runOffline({QStringLiteral("--check"), test::dataPath(QStringLiteral("rulesets/invalid-syntax.json"))},
                               &output),
             1);
    QVERIFY2(output.contains(QStringLiteral("line ")) && output.contains(QStringLiteral("column ")), qPrintable(output));

    // --check never needs (or creates) the database.
    QVERIFY(!QFile::exists(daemon.databasePath()));
}

void TestOfflineCommands::importExportRoundTripIsByteIdentical()
{
    TollgateDaemon daemon;
    const QString seed = test::dataPath(QStringLiteral("rulesets/seed.json"));
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--import"), seed, QStringLiteral("--comment"), QStringLiteral("seed")},
                               &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("revision 2 is active")), qPrintable(output));
    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &output), 0);
    QCOMPARE(output.toUtf8(), test::readFile(seed));

    // Export, import the export, export again: byte for byte the same.
    QTemporaryDir directory;
    const QString exported = directory.filePath(QStringLiteral("exported.json"));
    QFile file(exported);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(output.toUtf8());
    file.close();
    QCOMPARE(daemon.runOffline({QStringLiteral("--import"), exported}, &output), 0);
    QString again;
    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &again), 0);
    QCOMPARE(again.toUtf8(), test::readFile(exported));

    // An invalid ruleset changes nothing.
    const QByteArray before = fileHash(daemon.databasePath());
    QCOMPARE(daemon.runOffline({QStringLiteral("--import"),
                                test::dataPath(QStringLiteral("rulesets/invalid-unknown-flag.json"))},
                               &output),
             1);
    QCOMPARE(fileHash(daemon.databasePath()), before);
}

void TestOfflineCommands::rollbackCreatesANewRevisionEqualToTheOldOne()
{
    TollgateDaemon daemon;
    QString starter;
    QString notes;
    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &starter, &notes), 0);
    QVERIFY2(notes.contains(QStringLiteral("created revision 1 with the starter ruleset")), qPrintable(notes));
    QVERIFY(daemon.importRuleSet(test::dataPath(QStringLiteral("rulesets/seed.json"))));
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--rollback"), QStringLiteral("1")}, &output), 0);
    QVERIFY2(output.contains(QStringLiteral("revision 3 (a copy of revision 1) is active")), qPrintable(output));
    QString exported;
    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &exported), 0);
    QCOMPARE(exported, starter);

    QCOMPARE(daemon.runOffline({QStringLiteral("--revisions"), QStringLiteral("--json")}, &output), 0);
    const QJsonArray revisions = jsonOf(output).value(QStringLiteral("revisions")).toArray();
    QCOMPARE(revisions.size(), 3);
    QCOMPARE(revisions.at(0).toObject().value(QStringLiteral("rolledBackFrom")).toInt(), 1);

    QCOMPARE(daemon.runOffline({QStringLiteral("--rollback"), QStringLiteral("9")}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("9")), qPrintable(output));
}

void TestOfflineCommands::diffShowsWhatChanged()
{
    TollgateDaemon daemon;
    QVERIFY(daemon.importRuleSet(test::dataPath(QStringLiteral("rulesets/seed.json"))));
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--diff"), QStringLiteral("1:2"), QStringLiteral("--json")}, &output), 0);
    const QJsonArray changes =
        QJsonDocument::fromJson(output.mid(output.indexOf(u'['), output.lastIndexOf(u']') - output.indexOf(u'[') + 1)
                                    .toUtf8())
            .array();
    QVERIFY(!changes.isEmpty());
    bool carrierRemoved = false;
    for (const QJsonValue& change : changes) {
        const QJsonObject object = change.toObject();
        if (object.value(QStringLiteral("kind")).toString() == u"removed" &&
            object.value(QStringLiteral("path")).toString() == u"carrier \"demo-carrier\"")
            carrierRemoved = true;
    }
    QVERIFY2(carrierRemoved, qPrintable(output));
    QCOMPARE(daemon.runOffline({QStringLiteral("--diff"), QStringLiteral("2:2")}, &output), 0);
    QVERIFY(output.contains(QStringLiteral("no differences")));
}

void TestOfflineCommands::dryRunShowsTheSeedCaseDecisions()
{
    TollgateDaemon daemon;
    const QString options = test::dataPath(QStringLiteral("sip/options-keepalive.sip"));
    QString output;
    // From a carrier (the starter's demo carrier covers loopback): 503 Options Reply.
    QCOMPARE(daemon.runOffline({QStringLiteral("--dry-run"), options, QStringLiteral("--source"),
                                QStringLiteral("127.0.0.9:5060"), QStringLiteral("--json")},
                               &output),
             0);
    QJsonObject result = jsonOf(output);
    QJsonObject decision = result.value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("outcome")).toString(), QStringLiteral("reply"));
    QCOMPARE(decision.value(QStringLiteral("reply")).toObject().value(QStringLiteral("code")).toInt(), 503);
    QCOMPARE(decision.value(QStringLiteral("reply")).toObject().value(QStringLiteral("reason")).toString(),
             QStringLiteral("Options Reply"));
    QCOMPARE(result.value(QStringLiteral("carrier")).toString(), QStringLiteral("demo-carrier"));

    // From the trusted core: flag INTERNALLY_SOURCED set, relayed by INTERNAL_TO_EXTERNAL_RELAY.
    QCOMPARE(daemon.runOffline({QStringLiteral("--dry-run"), options, QStringLiteral("--source"),
                                QStringLiteral("127.0.0.1:5080"), QStringLiteral("--json")},
                               &output),
             0);
    result = jsonOf(output);
    decision = result.value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("outcome")).toString(), QStringLiteral("relay"));
    QVERIFY(result.value(QStringLiteral("flags")).toArray().contains(QStringLiteral("INTERNALLY_SOURCED")));
    QCOMPARE(decision.value(QStringLiteral("decidedBy")).toObject().value(QStringLiteral("route")).toString(),
             QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"));

    // From nowhere we know: the trace shows why it was refused.
    QCOMPARE(daemon.runOffline({QStringLiteral("--dry-run"), test::dataPath(QStringLiteral("sip/invite-from-carrier.sip")),
                                QStringLiteral("--source"), QStringLiteral("203.0.113.7:5060")},
                               &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("reject-unknown-sources")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("403")), qPrintable(output));
}

void TestOfflineCommands::dryRunRefusesMalformedMessages()
{
    TollgateDaemon daemon;
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("bad.sip"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1\r\nCSeq: x INVITE\r\n\r\n");
    file.close();
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--dry-run"), path}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("not valid SIP")), qPrintable(output));
    QCOMPARE(daemon.runOffline({QStringLiteral("--dry-run"), test::dataPath(QStringLiteral("sip/register.sip")),
                                QStringLiteral("--source"), QStringLiteral("300.1.2.3:5060")},
                               &output),
             1);
    QVERIFY2(output.contains(QStringLiteral("300.1.2.3:5060")), qPrintable(output));
}

void TestOfflineCommands::refusedDatabaseIsNotModified()
{
    TollgateDaemon daemon;
    QFile file(daemon.databasePath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    const QByteArray before = fileHash(daemon.databasePath());
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--export")}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("not a Tollgate database")), qPrintable(output));
    QCOMPARE(fileHash(daemon.databasePath()), before);
    // The daemon refuses to start on it too.
    QVERIFY(!daemon.start());
    QVERIFY2(daemon.log().contains(QStringLiteral("not a Tollgate database")), qPrintable(daemon.log()));
    QCOMPARE(fileHash(daemon.databasePath()), before);
}

void TestOfflineCommands::usageErrorsExitWithTwo()
{
    TollgateDaemon daemon;
    QString output;
    QCOMPARE(daemon.runOffline({QStringLiteral("--export"), QStringLiteral("--revisions")}, &output), 2);
    QCOMPARE(daemon.runOffline({QStringLiteral("--rollback"), QStringLiteral("latest")}, &output), 2);
    QVERIFY2(output.contains(QStringLiteral("--rollback needs a revision number")), qPrintable(output));
    QCOMPARE(daemon.runOffline({QStringLiteral("--no-such-option")}, &output), 2);
}

QTEST_GUILESS_MAIN(TestOfflineCommands)
#include "TestOfflineCommands.moc"
