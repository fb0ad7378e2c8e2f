#include "CtlRunner.h"

#include "CtlCommandLine.h"
#include "EventLineFormatter.h"
#include "model/RuleSetJson.h"
#include "protocol/ControlCatalogue.h"
#include "protocol/ParamsChecker.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

QByteArray prettyJson(const QJsonValue& value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
    // A scalar: let QJsonDocument quote it, inside an array, then strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2) + '\n';
}

} // namespace

CtlRunner::CtlRunner(const CtlInvocation& invocation, QIODevice* out, QIODevice* err, QObject* parent)
    : QObject(parent)
    , m_invocation(invocation)
    , m_out(out)
    , m_err(err)
{
    connect(&m_client, &ControlClient::connected, this, &CtlRunner::onConnected);
    connect(&m_client, &ControlClient::connectionFailed, this, &CtlRunner::printErrorAndFail);
    connect(&m_client, &ControlClient::notificationReceived, this, &CtlRunner::onNotification);
    connect(&m_client, &ControlClient::disconnected, this, &CtlRunner::onDisconnected);
    m_client.setMissingSocketHint(u"use --socket PATH"_s);
}

void CtlRunner::start()
{
    if (m_invocation.action != CtlInvocation::Action::Run) {
        printOut(m_invocation.text);
        finish(CtlExitCode::Ok);
        return;
    }
    QString error;
    if (!CtlCommandLine::loadFiles(&m_invocation, &error)) {
        printError(error);
        finish(CtlExitCode::Failed);
        return;
    }
    const MethodSpec* method = ControlCatalogue::instance().method(m_invocation.command.method);
    QJsonObject normalized;
    if (!method || !ParamsChecker::check(*method, m_invocation.params, &normalized, &error)) {
        printError(u"%1 ('tollgatectl %2 %3 --help' explains the arguments)"_s.arg(error, m_invocation.command.noun,
                                                                                   m_invocation.command.verb));
        finish(CtlExitCode::Usage);
        return;
    }
    m_client.connectToServer(m_invocation.socketPath);
}

void CtlRunner::printErrorAndFail(const QString& message)
{
    printError(message);
    finish(CtlExitCode::Failed);
}

void CtlRunner::onConnected()
{
    m_client.call(
        m_invocation.command.method, m_invocation.params, [this](const ControlReply& reply) { onReply(reply); },
        m_invocation.timeoutSeconds * 1000);
}

void CtlRunner::onReply(const ControlReply& reply)
{
    if (m_finished)
        return;
    if (!reply.ok()) {
        reportFailure(reply);
        finish(CtlExitCode::Failed);
        return;
    }
    if (m_invocation.command.streaming) {
        m_watching = true;
        if (!m_invocation.json) {
            const QStringList topics = m_invocation.params.value(u"topics"_s).toVariant().toStringList();
            m_err->write(u"watching %1; Ctrl-C stops\n"_s.arg(topics.join(u", "_s)).toUtf8());
        }
        return;
    }
    finish(printResult(reply.result));
}

CtlExitCode CtlRunner::printResult(const QJsonValue& result)
{
    const CliCommandSpec& command = m_invocation.command;
    if (command.noun == u"rules"_s && command.verb == u"export"_s) {
        // Byte-identical to `tollgated --export`: the same canonical writer, whatever the wire order.
        RuleSet ruleSet;
        Diagnostics problems;
        if (!RuleSetJson::fromJsonObject(result.toObject().value(u"ruleset"_s).toObject(), &ruleSet, &problems)) {
            QStringList lines;
            for (const Diagnostic& problem : std::as_const(problems))
                lines << problem.toString();
            printError(u"rules export: the daemon's ruleset does not read back:\n"_s + lines.join(u'\n'));
            return CtlExitCode::Failed;
        }
        m_out->write(RuleSetJson::toCanonicalJson(ruleSet));
        return CtlExitCode::Ok;
    }
    if (m_invocation.json)
        m_out->write(prettyJson(result));
    else
        printOut(m_presenter.present(command, result));
    const bool invalidRuleset =
        command.noun == u"rules"_s && command.verb == u"validate"_s && !result.toObject().value(u"valid"_s).toBool();
    return invalidRuleset ? CtlExitCode::Failed : CtlExitCode::Ok;
}

void CtlRunner::reportFailure(const ControlReply& reply)
{
    if (reply.status != ControlReply::Status::Error) {
        printError(reply.message);
        return;
    }
    if (m_invocation.json)
        m_out->write(prettyJson(QJsonObject{{u"error"_s, reply.error.toJson()}}));
    if (reply.error.is(ControlErrorCode::PermissionDenied)) {
        printError(u"permission denied by tollgated: "_s + reply.error.message);
        return;
    }
    QString message = reply.error.message;
    const QJsonArray diagnostics = reply.error.data.toObject().value(u"diagnostics"_s).toArray();
    if (!diagnostics.isEmpty())
        message += u'\n' + ResultPresenter::diagnostics(diagnostics).trimmed();
    printError(message);
}

void CtlRunner::onNotification(const QString& method, const QJsonObject& params)
{
    if (!m_watching || m_finished)
        return;
    const QDateTime now = QDateTime::currentDateTime().toTimeZone(m_zone);
    if (m_invocation.json) {
        const QJsonObject event{
            {u"time"_s, now.toUTC().toString(Qt::ISODateWithMs)}, {u"method"_s, method}, {u"params"_s, params}};
        m_out->write(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
    } else {
        printOut(EventLineFormatter::line(method, params, now) + u'\n');
    }
    ++m_eventsShown;
    if (m_invocation.count > 0 && m_eventsShown >= m_invocation.count)
        finish(CtlExitCode::Ok);
}

void CtlRunner::onDisconnected(const QString& reason)
{
    if (m_finished || !m_watching)
        return; // Before the answer, the pending call reports the loss.
    printError(reason);
    finish(CtlExitCode::Failed);
}

void CtlRunner::printOut(const QString& text)
{
    m_out->write(text.toUtf8());
}

void CtlRunner::printError(const QString& message)
{
    m_err->write((u"tollgatectl: "_s + message + u'\n').toUtf8());
}

void CtlRunner::finish(CtlExitCode code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_client.disconnectFromServer();
    emit finished(int(code));
}

} // namespace tollgate
