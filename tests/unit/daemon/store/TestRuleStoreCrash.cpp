// Crash safety of the ruleset store: a child process (this executable, started with
// --apply-loop DB) applies and rolls back rulesets in a tight loop and is killed with SIGKILL at
// random moments, many times. After every kill the database must be intact, every revision the
// child reported as committed must be there, and the active revision must be complete: its JSON
// parses, its checksum matches, and the projection tables are exactly its projection.

#include "StoreTestRuleSets.h"
#include "store/RuleStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <unistd.h>

using namespace tollgate;

namespace {

constexpr int KillCount = 50;
const auto ApplyLoopArgument = QStringLiteral("--apply-loop");
const auto ChildAuthor = QStringLiteral("crash-test");

/// One unbuffered line on stdout: what the parent reads survives the child's SIGKILL.
void writeLine(const QByteArray& line)
{
    const QByteArray text = line + '\n';
    qsizetype written = 0;
    while (written < text.size()) {
        const ssize_t result = ::write(STDOUT_FILENO, text.constData() + written, std::size_t(text.size() - written));
        if (result <= 0)
            return;
        written += result;
    }
}

/// The child: opens the store (creating the starter ruleset on the first run), prints "ready",
/// then applies rulesets of varying size and, every fifth step, rolls back, printing
/// "committed N" after each commit returned. Runs until killed.
int runApplyLoop(const QString& path)
{
    RuleStore store;
    QString error;
    if (!store.open(path, &error) || !store.ensureStarterRuleSet(ChildAuthor, nullptr, &error)) {
        writeLine("error " + error.toUtf8());
        return 2;
    }
    writeLine("ready");
    static const int variants[] = {1, 12, 30, 4};
    int lastRevision = 0;
    for (int step = 0;; ++step) {
        int revision = 0;
        if (step % 5 == 4 && lastRevision > 1) {
            if (!store.rollback(lastRevision - 1, ChildAuthor, QString(), &revision, &error)) {
                writeLine("error " + error.toUtf8());
                return 3;
            }
        } else {
            Diagnostics diagnostics;
            if (!store.apply(test::variantRuleSet(variants[step % 4]), ChildAuthor, QStringLiteral("step %1").arg(step),
                             &revision, &diagnostics)) {
                writeLine("error " + diagnostics.value(0).toString().toUtf8());
                return 3;
            }
        }
        lastRevision = revision;
        writeLine("committed " + QByteArray::number(revision));
    }
}

} // namespace

class TestRuleStoreCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedWhileApplyingLosesNothing();

private:
    /// Consumes the child's complete output lines; false (and the line) when it reported an error.
    static bool readLines(QProcess* child, QByteArray* pending, int* lastCommitted, bool* ready, QString* failure);
};

bool TestRuleStoreCrash::readLines(QProcess* child, QByteArray* pending, int* lastCommitted, bool* ready,
                                   QString* failure)
{
    pending->append(child->readAllStandardOutput());
    qsizetype end;
    while ((end = pending->indexOf('\n')) >= 0) {
        const QByteArray line = pending->left(end);
        pending->remove(0, end + 1);
        if (line == "ready")
            *ready = true;
        else if (line.startsWith("committed "))
            *lastCommitted = std::max(*lastCommitted, line.mid(10).toInt());
        else {
            *failure = QStringLiteral("the child failed: %1").arg(QString::fromUtf8(line));
            return false;
        }
    }
    return true;
}

void TestRuleStoreCrash::killedWhileApplyingLosesNothing()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("crash.db"));
    const quint32 seed = qEnvironmentVariableIsSet("TOLLGATE_CRASH_SEED")
                             ? quint32(qEnvironmentVariableIntValue("TOLLGATE_CRASH_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("random seed %u (set TOLLGATE_CRASH_SEED to repeat)", seed);
    QRandomGenerator random(seed);

    int lastCommitted = 0;      // Highest revision any child reported as committed.
    int killsWhileApplying = 0; // Kills that hit a child which had committed in that run.
    int concurrentReads = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int kill = 0; kill < KillCount; ++kill) {
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({ApplyLoopArgument, path});
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start();
        QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));

        QByteArray pending;
        QString failure;
        bool ready = false;
        int committedThisRun = 0;
        // One kill in five lands during start-up: opening, migrating, creating the starter.
        const bool killDuringStartUp = kill % 5 == 0;
        QElapsedTimer waited;
        waited.start();
        while (!killDuringStartUp && !ready && waited.elapsed() < 10'000) {
            child.waitForReadyRead(100);
            QVERIFY2(readLines(&child, &pending, &committedThisRun, &ready, &failure), qPrintable(failure));
            QVERIFY2(child.state() == QProcess::Running,
                     qPrintable(QString::fromUtf8(child.readAllStandardError() + pending)));
        }
        QVERIFY(killDuringStartUp || ready);

        // Meanwhile this process reads the live store: a reader never sees a half-written revision.
        // Start-up kills count from the spawn, the others from "ready".
        const int delayMs = killDuringStartUp ? random.bounded(0, 40) : random.bounded(5, 81);
        QElapsedTimer delay;
        delay.start();
        if (ready) {
            RuleStore reader;
            QString error;
            QVERIFY2(reader.open(path, &error), qPrintable(error));
            int previous = 0;
            while (delay.elapsed() < delayMs) {
                Revision active;
                QVERIFY2(reader.loadActive(&active, &error), qPrintable(error));
                QVERIFY(active.info.id >= previous);
                QVERIFY(!active.ruleSet.routes.isEmpty());
                previous = active.info.id;
                ++concurrentReads;
            }
        } else {
            QThread::msleep(ulong(delayMs));
        }
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(5000));
        QVERIFY2(readLines(&child, &pending, &committedThisRun, &ready, &failure), qPrintable(failure));
        QVERIFY2(child.exitStatus() == QProcess::CrashExit,
                 qPrintable(QStringLiteral("the child exited by itself (code %1): %2")
                                .arg(child.exitCode())
                                .arg(QString::fromUtf8(child.readAllStandardError()))));
        if (committedThisRun > 0)
            ++killsWhileApplying;
        lastCommitted = std::max(lastCommitted, committedThisRun);

        // After the kill: nothing committed is lost, and everything is consistent.
        RuleStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QVERIFY2(store.checkConsistency(&error), qPrintable(QStringLiteral("after kill %1: %2").arg(kill).arg(error)));
        QList<RevisionInfo> revisions;
        QVERIFY2(store.revisions(&revisions, &error), qPrintable(error));
        if (lastCommitted > 0) {
            QVERIFY(!revisions.isEmpty());
            QVERIFY2(revisions.first().id >= lastCommitted,
                     qPrintable(QStringLiteral("revision %1 was committed but the newest is %2")
                                    .arg(lastCommitted)
                                    .arg(revisions.first().id)));
            ActiveRevision active;
            QVERIFY2(store.activeRevision(&active, &error), qPrintable(error));
            QCOMPARE(active.revisionId, revisions.first().id); // Every commit activates its revision.
        }
    }
    qInfo("%d kills (%d while applying), %d revisions, %d concurrent reads, %lld ms", KillCount, killsWhileApplying,
          lastCommitted, concurrentReads, elapsed.elapsed());
    // The loop must really have been applying when many kills landed, or it proved little. (The
    // bounds leave room for a loaded machine, where a child commits less before its kill.)
    QVERIFY2(killsWhileApplying >= KillCount / 4, qPrintable(QString::number(killsWhileApplying)));
    QVERIFY2(lastCommitted >= KillCount / 2, qPrintable(QString::number(lastCommitted)));
}

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    if (argc == 3 && QLatin1String(argv[1]) == ApplyLoopArgument)
        return runApplyLoop(QString::fromLocal8Bit(argv[2]));
    TestRuleStoreCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestRuleStoreCrash.moc"
