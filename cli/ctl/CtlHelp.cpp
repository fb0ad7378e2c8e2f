#include "CtlHelp.h"

#include "TableFormatter.h"
#include "protocol/ControlCatalogue.h"
#include "protocol/ProtocolVersion.h"

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

QString summaryOf(const CliCommandSpec& command)
{
    if (!command.summary.isEmpty())
        return command.summary;
    const MethodSpec* method = ControlCatalogue::instance().method(command.method);
    return method ? method->summary : QString();
}

QString docOfParam(const CliCommandSpec& command, const QString& param)
{
    const MethodSpec* method = ControlCatalogue::instance().method(command.method);
    const ParamSpec* spec = method ? method->param(param) : nullptr;
    return spec ? spec->documentation() : QString();
}

QString kindNote(CliValueKind kind)
{
    switch (kind) {
    case CliValueKind::JsonFile:
        return u"A file holding a JSON object. "_s;
    case CliValueKind::TextFile:
        return u"A file whose text is sent. "_s;
    case CliValueKind::Text:
    case CliValueKind::Integer:
        break;
    }
    return {};
}

QString indented(const QString& text)
{
    QString result;
    for (const QString& line : text.split(u'\n', Qt::SkipEmptyParts))
        result += u"  "_s + line + u'\n';
    return result;
}

const QString GlobalOptionsText =
    u"Options:\n"
    u"  --socket PATH       The control socket (default: $TOLLGATE_SOCKET, else /run/tollgate/control.sock when it\n"
    u"                      exists, else ./var/tollgate.sock)\n"
    u"  --json              Print the raw JSON result (watch commands: one JSON object per line)\n"
    u"  --timeout SECONDS   How long to wait for an answer (default 30)\n"
    u"  --count N           Watch commands: stop after N events\n"
    u"  --help              Help on tollgatectl, a noun or a command\n"
    u"  --version           tollgatectl's version and protocol version\n"
    u"\n"
    u"Exit codes: 0 success; 1 refused or failed (error answer, invalid ruleset, no daemon, permission\n"
    u"denied); 2 usage error.\n"_s;

} // namespace

QStringList CtlHelp::nouns()
{
    QStringList nouns;
    for (const CliCommandSpec& command : ControlCatalogue::instance().commands()) {
        if (!nouns.contains(command.noun))
            nouns << command.noun;
    }
    return nouns;
}

QStringList CtlHelp::verbs(const QString& noun)
{
    QStringList verbs;
    for (const CliCommandSpec& command : ControlCatalogue::instance().commands()) {
        if (command.noun == noun)
            verbs << command.verb;
    }
    return verbs;
}

QString CtlHelp::overview()
{
    TableFormatter table({u"Command"_s, u"Summary"_s});
    // Grouped by noun, so that `calls watch` sits with the other calls commands.
    const QList<CliCommandSpec> commands = ControlCatalogue::instance().commands();
    for (const QString& noun : nouns()) {
        for (const CliCommandSpec& command : commands) {
            if (command.noun == noun)
                table.addRow({command.synopsis(), summaryOf(command)});
        }
    }
    // The table's header row is not wanted here: drop the first line.
    const QString rows = table.toString().section(u'\n', 1);
    return u"Usage: tollgatectl [--socket PATH] [--json] [--timeout SECONDS] NOUN VERB [ARGS]\n\n"
           u"Controls a running tollgated through its control socket.\n\n"
           u"Commands:\n"_s +
           indented(rows) + u"\n"_s + GlobalOptionsText +
           u"\n'tollgatectl NOUN --help' explains the arguments of NOUN's commands.\n"_s;
}

QString CtlHelp::commandHelp(const CliCommandSpec& command)
{
    QString text = u"Usage: tollgatectl %1\n\n%2\n"_s.arg(command.usage(), summaryOf(command));
    TableFormatter details({u""_s, u""_s});
    for (const CliArgumentSpec& argument : command.arguments)
        details.addRow({argument.valueName + (argument.repeated ? u"..."_s : QString()),
                        kindNote(argument.kind) + docOfParam(command, argument.param)});
    for (const CliOptionSpec& option : command.options)
        details.addRow({u"--%1 %2"_s.arg(option.name, option.valueName),
                        kindNote(option.kind) + docOfParam(command, option.param)});
    if (command.streaming)
        details.addRow({u"--count N"_s, u"Stop after N events (default: until interrupted)."_s});
    if (details.rowCount() > 0)
        text += u"\n"_s + indented(details.toString().section(u'\n', 1));
    return text;
}

QString CtlHelp::nounHelp(const QString& noun)
{
    QString text;
    for (const CliCommandSpec& command : ControlCatalogue::instance().commands()) {
        if (command.noun != noun)
            continue;
        if (!text.isEmpty())
            text += u'\n';
        text += commandHelp(command);
    }
    return text + u"\n"_s + GlobalOptionsText;
}

QString CtlHelp::version()
{
    return u"tollgatectl %1 (control protocol %2)\n"_s.arg(QStringLiteral(TOLLGATE_VERSION))
        .arg(ControlProtocolVersion);
}

} // namespace tollgate
