#include "CtlCommandLine.h"

#include "CtlHelp.h"
#include "model/NameSuggestion.h"
#include "protocol/ControlCatalogue.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

/// Options every command accepts, besides the command's own.
const QStringList GlobalOptions{u"socket"_s, u"json"_s, u"timeout"_s, u"count"_s, u"help"_s, u"version"_s};

struct GivenOption
{
    QString name;
    QString value;
};

QString didYouMean(const QString& word, const QStringList& candidates, const QString& prefix = {})
{
    const QString suggestion = suggestName(word, candidates);
    return suggestion.isEmpty() ? QString() : u" (did you mean '%1%2'?)"_s.arg(prefix, suggestion);
}

bool parseInteger(const QString& text, qint64* value)
{
    bool ok = false;
    *value = text.toLongLong(&ok, 10);
    return ok;
}

/// Line and column of a JSON syntax error. Qt reports the offset just past the character it
/// choked on, so that character is at `offset - 1`.
QString lineAndColumn(const QByteArray& data, qsizetype offset)
{
    const qsizetype at = std::max<qsizetype>(0, std::min(offset, data.size()) - 1);
    const QByteArray before = data.left(at);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = at - (before.lastIndexOf('\n') + 1) + 1;
    return u"line %1, column %2"_s.arg(line).arg(column);
}

} // namespace

CtlCommandLine::Environment CtlCommandLine::systemEnvironment()
{
    return {QProcessEnvironment::systemEnvironment().value(u"TOLLGATE_SOCKET"_s),
            [](const QString& path) { return QFileInfo::exists(path); }};
}

QString CtlCommandLine::defaultSocketPath(const Environment& environment)
{
    if (!environment.socketVariable.isEmpty())
        return environment.socketVariable;
    const QString installed = QString::fromLatin1(InstalledSocketPath);
    if (environment.socketExists && environment.socketExists(installed))
        return installed;
    return QString::fromLatin1(DevelopmentSocketPath);
}

bool CtlCommandLine::parse(const QStringList& arguments, const Environment& environment, CtlInvocation* invocation,
                           QString* error)
{
    CtlInvocation result;
    QStringList positionals;
    QList<GivenOption> commandOptions;
    bool helpRequested = false;
    bool versionRequested = false;
    bool countGiven = false;
    bool optionsEnded = false;

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (optionsEnded || !argument.startsWith(u'-') || argument == u"-"_s) {
            positionals << argument;
            continue;
        }
        if (argument == u"--"_s) {
            optionsEnded = true;
            continue;
        }
        if (argument == u"-h"_s) {
            helpRequested = true;
            continue;
        }
        if (!argument.startsWith(u"--"_s)) {
            *error = u"unknown option '%1' (options are spelled --name)"_s.arg(argument);
            return false;
        }
        QString name = argument.mid(2);
        QString value;
        const qsizetype equals = name.indexOf(u'=');
        const bool inlineValue = equals >= 0;
        if (inlineValue) {
            value = name.mid(equals + 1);
            name.truncate(equals);
        }
        if (name == u"json"_s || name == u"help"_s || name == u"version"_s) {
            if (inlineValue) {
                *error = u"--%1 takes no value"_s.arg(name);
                return false;
            }
            result.json = result.json || name == u"json"_s;
            helpRequested = helpRequested || name == u"help"_s;
            versionRequested = versionRequested || name == u"version"_s;
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= arguments.size()) {
                *error = u"--%1 needs a value"_s.arg(name);
                return false;
            }
            value = arguments.at(++i);
        }
        qint64 number = 0;
        if (name == u"socket"_s) {
            if (value.isEmpty()) {
                *error = u"--socket needs a path"_s;
                return false;
            }
            result.socketPath = value;
        } else if (name == u"timeout"_s) {
            if (!parseInteger(value, &number) || number < 1 || number > 86400) {
                *error = u"--timeout expects seconds from 1 to 86400, got '%1'"_s.arg(value);
                return false;
            }
            result.timeoutSeconds = int(number);
        } else if (name == u"count"_s) {
            if (!parseInteger(value, &number) || number < 1 || number > 1'000'000'000) {
                *error = u"--count expects a positive number of events, got '%1'"_s.arg(value);
                return false;
            }
            result.count = int(number);
            countGiven = true;
        } else {
            commandOptions.append({name, value});
        }
    }

    if (versionRequested) {
        result.action = CtlInvocation::Action::Version;
        result.text = CtlHelp::version();
        *invocation = result;
        return true;
    }
    if (positionals.isEmpty()) {
        if (!helpRequested) {
            *error = u"no command given\n\n"_s + CtlHelp::overview();
            return false;
        }
        result.action = CtlInvocation::Action::Help;
        result.text = CtlHelp::overview();
        *invocation = result;
        return true;
    }

    const QString noun = positionals.at(0);
    if (noun == u"help"_s) {
        if (positionals.size() > 1 && !CtlHelp::nouns().contains(positionals.at(1))) {
            *error = u"help: unknown command '%1'%2"_s.arg(positionals.at(1),
                                                           didYouMean(positionals.at(1), CtlHelp::nouns()));
            return false;
        }
        result.action = CtlInvocation::Action::Help;
        result.text = positionals.size() > 1 ? CtlHelp::nounHelp(positionals.at(1)) : CtlHelp::overview();
        *invocation = result;
        return true;
    }
    if (!CtlHelp::nouns().contains(noun)) {
        *error = u"unknown command '%1'%2; 'tollgatectl help' lists the commands"_s.arg(
            noun, didYouMean(noun, CtlHelp::nouns()));
        return false;
    }
    if (positionals.size() < 2) {
        if (helpRequested) {
            result.action = CtlInvocation::Action::Help;
            result.text = CtlHelp::nounHelp(noun);
            *invocation = result;
            return true;
        }
        *error = u"%1: missing the verb (%2); 'tollgatectl %1 --help' shows them"_s.arg(
            noun, CtlHelp::verbs(noun).join(u", "_s));
        return false;
    }
    const QString verb = positionals.at(1);
    const CliCommandSpec* command = ControlCatalogue::instance().command(noun, verb);
    if (!command) {
        *error = u"%1: unknown command '%2'%3; 'tollgatectl %1 --help' lists them"_s.arg(
            noun, verb, didYouMean(verb, CtlHelp::verbs(noun)));
        return false;
    }
    const QString commandName = noun + u' ' + verb;
    if (helpRequested) {
        result.action = CtlInvocation::Action::Help;
        result.text = CtlHelp::commandHelp(*command);
        *invocation = result;
        return true;
    }

    result.command = *command;
    result.params = command->fixedParams;
    const auto setValue = [&](const QString& param, const QString& label, const QString& text, CliValueKind kind) {
        qint64 number = 0;
        switch (kind) {
        case CliValueKind::Text:
            result.params.insert(param, text);
            return true;
        case CliValueKind::Integer:
            if (!parseInteger(text, &number)) {
                *error = u"%1: %2 expects an integer, got '%3'"_s.arg(commandName, label, text);
                return false;
            }
            result.params.insert(param, number);
            return true;
        case CliValueKind::JsonFile:
        case CliValueKind::TextFile:
            result.files.append({param, text, kind});
            return true;
        }
        return false;
    };

    qsizetype next = 2;
    for (const CliArgumentSpec& spec : command->arguments) {
        if (spec.repeated) {
            const QStringList rest = positionals.mid(next);
            next = positionals.size();
            if (rest.isEmpty() && !spec.optional) {
                *error = u"%1: missing %2 (usage: tollgatectl %3)"_s.arg(commandName, spec.valueName, command->usage());
                return false;
            }
            result.params.insert(spec.param, QJsonArray::fromStringList(rest));
            continue;
        }
        if (next >= positionals.size()) {
            if (spec.optional)
                continue;
            *error = u"%1: missing %2 (usage: tollgatectl %3)"_s.arg(commandName, spec.valueName, command->usage());
            return false;
        }
        if (!setValue(spec.param, spec.valueName, positionals.at(next++), spec.kind))
            return false;
    }
    if (next < positionals.size()) {
        *error = u"%1: unexpected argument '%2' (usage: tollgatectl %3)"_s.arg(commandName, positionals.at(next),
                                                                               command->usage());
        return false;
    }

    QStringList seen;
    QStringList optionNames;
    for (const CliOptionSpec& spec : command->options)
        optionNames << spec.name;
    for (const GivenOption& given : commandOptions) {
        const CliOptionSpec* spec = command->option(given.name);
        if (!spec) {
            *error = u"%1: unknown option --%2%3"_s.arg(commandName, given.name,
                                                        didYouMean(given.name, optionNames + GlobalOptions, u"--"_s));
            return false;
        }
        if (seen.contains(given.name)) {
            *error = u"%1: --%2 given twice"_s.arg(commandName, given.name);
            return false;
        }
        seen << given.name;
        if (!setValue(spec->param, u"--"_s + spec->name, given.value, spec->kind))
            return false;
    }
    for (const CliOptionSpec& spec : command->options) {
        if (spec.required && !seen.contains(spec.name)) {
            *error = u"%1: missing --%2 %3 (usage: tollgatectl %4)"_s.arg(commandName, spec.name, spec.valueName,
                                                                          command->usage());
            return false;
        }
    }
    if (countGiven && !command->streaming) {
        *error = u"%1: --count applies to watch commands only"_s.arg(commandName);
        return false;
    }

    if (result.socketPath.isEmpty())
        result.socketPath = defaultSocketPath(environment);
    *invocation = result;
    return true;
}

bool CtlCommandLine::loadFiles(CtlInvocation* invocation, QString* error)
{
    for (const CtlInvocation::FileArgument& file : std::as_const(invocation->files)) {
        QFile input(file.path);
        if (!input.open(QIODevice::ReadOnly)) {
            *error = u"cannot read %1: %2"_s.arg(file.path, input.errorString());
            return false;
        }
        QByteArray data = input.readAll();
        if (data.startsWith("\xEF\xBB\xBF"))
            data.remove(0, 3); // A UTF-8 byte order mark, as editors on some systems write it.
        if (file.kind == CliValueKind::TextFile) {
            invocation->params.insert(file.param, QString::fromUtf8(data));
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = u"%1: %2: %3"_s.arg(file.path, lineAndColumn(data, parseError.offset), parseError.errorString());
            return false;
        }
        if (!document.isObject()) {
            *error = u"%1: expected a JSON object, got an array"_s.arg(file.path);
            return false;
        }
        invocation->params.insert(file.param, document.object());
    }
    invocation->files.clear();
    return true;
}

} // namespace tollgate
