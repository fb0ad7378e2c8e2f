#include "ControlProtocolDoc.h"

#include "ControlErrorCode.h"
#include "FrameCodec.h"
#include "ProtocolVersion.h"

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

/// Text safe inside a Markdown table cell.
QString cell(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'|', u"\\|"_s);
    escaped.replace(u'\n', u' ');
    return escaped;
}

QString anchor(const QString& name)
{
    QString result = name.toLower();
    result.remove(u'.');
    return result;
}

void fieldTable(QString* out, const QList<FieldSpec>& fields, const QString& firstHeader)
{
    if (fields.isEmpty()) {
        *out += u"None.\n\n"_s;
        return;
    }
    *out += u"| %1 | Type | Description |\n|---|---|---|\n"_s.arg(firstHeader);
    for (const FieldSpec& field : fields)
        *out += u"| `%1` | %2 | %3 |\n"_s.arg(field.name, cell(field.type), cell(field.doc));
    *out += u'\n';
}

void paramTable(QString* out, const MethodSpec& method)
{
    if (method.params.isEmpty()) {
        *out += u"Parameters: none.\n\n"_s;
        return;
    }
    *out += u"| Parameter | Type | Required | Description |\n|---|---|---|---|\n"_s;
    for (const ParamSpec& param : method.params) {
        const QString doc = param.documentation();
        *out += u"| `%1` | %2 | %3 | %4 |\n"_s.arg(param.name, paramTypeName(param.type),
                                                   param.required ? u"yes"_s : u"no"_s, cell(doc));
    }
    *out += u'\n';
}

void introduction(QString* out)
{
    *out += u"# Tollgate control protocol\n\n"
            u"<!-- Generated from the control catalogue (shared/protocol/ControlCatalogue*.cpp) by "
            u"tollgate-protocol-doc; do not edit by hand. Regenerate with\n"
            u"     %1\n"
            u"     A unit test (TestControlCatalogue) fails when this file differs from the catalogue. -->\n\n"_s.arg(
                QString::fromLatin1(ControlProtocolDoc::RegenerateCommand));
    *out += u"Protocol version: **%1**\n\n"_s.arg(ControlProtocolVersion);
    *out += u"Everything an operator does to a running `tollgated` (the console, `tollgatectl`, scripts) goes "
            u"through one local control socket.\n\n"
            u"## Transport and framing\n\n"
            u"- A Unix-domain stream socket: `--control PATH` (config `control_socket`); "
            u"`/run/tollgate/control.sock` when installed, `var/tollgate.sock` in a development tree.\n"
            u"- JSON-RPC 2.0, one JSON object per line, each line ended by `\\n` (a `\\r` before it is tolerated; "
            u"empty lines are ignored). Compact JSON never contains a raw newline.\n"
            u"- A line may be at most %1 MiB (a whole ruleset travels in one `rules.apply`). A longer line is "
            u"discarded up to its end and answered with `-32600` \"request too large (N bytes, limit M)\"; the "
            u"connection stays usable.\n"
            u"- Many clients may be connected at once (64 by default); one more is answered `-32005` and "
            u"closed.\n\n"_s.arg(FrameCodec::DefaultMaxLineBytes / (1024 * 1024));
    *out += u"## Access\n\n"
            u"The socket file has mode `0660` and group `tollgate` (config `control_group`). On every connection "
            u"the daemon also reads the peer's credentials (`SO_PEERCRED`, and its supplementary groups) and "
            u"refuses any peer that is neither root, the daemon's own user, nor a member of that group: it sends "
            u"one error with id null and code `-32001` (\"user 'nobody' is not in group 'tollgate'\") and closes "
            u"the connection. Each request is attributed to the peer's user name; methods marked *mutating* are "
            u"written to the audit log with it.\n\n"_s;
    *out += u"## Requests, responses, notifications\n\n"
            u"```\n"
            u"-> {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"destinations.disable\",\"params\":{\"destination\":"
            u"\"core-a\",\"reason\":\"maintenance\"}}\n"
            u"<- {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"group\":\"core\",\"destination\":\"core-a\",\"uri\":"
            u"\"sip:192.0.2.10:5060\",\"state\":\"disabled\"}}\n"
            u"-> {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"calls.lst\"}\n"
            u"<- {\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"unknown method 'calls.lst' "
            u"(did you mean 'calls.list'?)\"}}\n"
            u"<- {\"jsonrpc\":\"2.0\",\"method\":\"call.created\",\"params\":{\"call\":{...}}}\n"
            u"```\n\n"
            u"- `id` is a string or an integer; null is reserved for errors the daemon cannot attribute to a "
            u"request. A request without `id` is a notification: it is executed and never answered.\n"
            u"- Parameters are passed by name (`params` is an object, or absent when there are none). Unknown "
            u"parameters are refused, absent optional ones take the default shown, and an optional parameter "
            u"given as null counts as absent.\n"
            u"- Batches (a JSON array of requests) are not supported and answered `-32600`. Members other than "
            u"`jsonrpc`, `id`, `method` and `params` are refused.\n"
            u"- Responses to one connection may come in any order (some methods ask the SIP thread); match them "
            u"by id. An error answers with the request's id when it could be read, else null.\n"
            u"- Events are notifications sent only to connections that subscribed to their topic "
            u"(`events.subscribe`). Each connection has a bounded queue: when it is full, events are dropped and "
            u"counted, and once the client has caught up it receives `events.lost`; a client that stays full "
            u"for 30 seconds is disconnected. A slow client never delays SIP processing or other clients.\n\n"_s;
}

void errorSection(QString* out)
{
    *out += u"## Errors\n\nEvery error message names the method and what was wrong, e.g. "
            u"`destinations.disable: unknown destination 'core-z' (did you mean 'core-a'?)`.\n\n"
            u"| Code | Name | When |\n|---|---|---|\n"_s;
    for (ControlErrorCode code : allControlErrorCodes())
        *out += u"| %1 | %2 | %3 |\n"_s.arg(int(code)).arg(controlErrorName(code), cell(controlErrorDescription(code)));
    *out += u'\n';
}

void methodSection(QString* out, const ControlCatalogue& catalogue)
{
    *out += u"## Methods\n\nIn catalogue order (append-only). *Mutating* methods are written to the audit log.\n\n"
            u"| Method | Summary |\n|---|---|\n"_s;
    for (const MethodSpec& method : catalogue.methods())
        *out += u"| [`%1`](#%2) | %3%4 |\n"_s.arg(method.name, anchor(method.name), cell(method.summary),
                                                  method.mutating ? u" *Mutating.*"_s : QString());
    *out += u'\n';

    for (const MethodSpec& method : catalogue.methods()) {
        *out += u"### %1\n\n%2\n\n"_s.arg(method.name, method.summary);
        if (method.mutating)
            *out += u"*Mutating*: written to the audit log with the caller's user name.\n\n"_s;
        paramTable(out, method);
        *out += u"Result:\n\n"_s;
        fieldTable(out, method.result, u"Field"_s);
        if (method.commands.isEmpty()) {
            *out += u"tollgatectl: none.\n\n"_s;
            continue;
        }
        for (const CliCommandSpec& command : method.commands)
            *out += u"tollgatectl: `tollgatectl %1`\n"_s.arg(command.usage());
        *out += u'\n';
    }
}

void eventSection(QString* out, const ControlCatalogue& catalogue)
{
    *out += u"## Events\n\nSubscribe with `events.subscribe {\"topics\": [...]}`. Each notification is a JSON-RPC "
            u"notification whose method is the notification name.\n\n"_s;
    for (const TopicSpec& topic : catalogue.topics()) {
        *out += u"### Topic `%1`\n\n%2\n\n"_s.arg(topic.name, topic.summary);
        for (const NotificationSpec& notification : topic.notifications) {
            *out += u"#### %1\n\n%2\n\n"_s.arg(notification.name, notification.summary);
            if (!notification.params.isEmpty())
                fieldTable(out, notification.params, u"Param"_s);
        }
    }
    *out += u"### Sent without subscription\n\n"_s;
    for (const NotificationSpec& notification : catalogue.serverNotifications()) {
        *out += u"#### %1\n\n%2\n\n"_s.arg(notification.name, notification.summary);
        fieldTable(out, notification.params, u"Param"_s);
    }
}

void objectSection(QString* out, const ControlCatalogue& catalogue)
{
    *out += u"## Objects\n\nShapes named in the tables above. Clients must ignore fields they do not know: "
            u"fields may be added without a new protocol version.\n\n"_s;
    for (const ObjectSpec& object : catalogue.objects()) {
        *out += u"### %1\n\n%2\n\n"_s.arg(object.name, object.summary);
        fieldTable(out, object.fields, u"Field"_s);
    }
}

void versioningAndCli(QString* out)
{
    *out += u"## Versioning\n\n"
            u"`system.hello` reports `protocolVersion`. Methods, topics and notifications are only ever "
            u"appended; new optional parameters and new result fields keep the version. The version is raised "
            u"only for a change an existing client could break on.\n\n"
            u"## tollgatectl\n\n"
            u"`tollgatectl [--socket PATH] [--json] [--timeout SECONDS] NOUN VERB [ARGS]` runs one method (see "
            u"each method's tollgatectl line) and prints a table, or the raw result with `--json`. The socket is "
            u"`--socket`, else `$TOLLGATE_SOCKET`, else `/run/tollgate/control.sock` when it exists, else "
            u"`./var/tollgate.sock`. Exit codes: 0 success; 1 refused or failed (an error answer, an invalid "
            u"ruleset, no daemon, permission denied); 2 usage error. `tollgatectl help` lists every command.\n"_s;
}

} // namespace

QByteArray ControlProtocolDoc::markdown(const ControlCatalogue& catalogue)
{
    QString out;
    introduction(&out);
    errorSection(&out);
    methodSection(&out, catalogue);
    eventSection(&out, catalogue);
    objectSection(&out, catalogue);
    versioningAndCli(&out);
    return out.toUtf8();
}

} // namespace tollgate
