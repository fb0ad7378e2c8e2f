#include "ControlCatalogueData.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace tollgate::catalogue {

namespace {

/// Builds a ParamSpec in one expression, so that each method reads as one declaration.
class Param
{
public:
    Param(const QString& name, ParamType type, bool required, const QString& doc)
    {
        m_spec.name = name;
        m_spec.type = type;
        m_spec.required = required;
        m_spec.doc = doc;
    }
    Param& range(qint64 minimum, qint64 maximum)
    {
        m_spec.minimum = minimum;
        m_spec.maximum = maximum;
        return *this;
    }
    Param& atLeast(qint64 minimum)
    {
        m_spec.minimum = minimum;
        return *this;
    }
    Param& oneOf(const QStringList& values)
    {
        m_spec.allowedValues = values;
        return *this;
    }
    Param& notEmpty()
    {
        m_spec.nonEmpty = true;
        return *this;
    }
    Param& byDefault(const QJsonValue& value)
    {
        m_spec.defaultValue = value;
        return *this;
    }
    operator ParamSpec() const { return m_spec; }

private:
    ParamSpec m_spec;
};

Param required(const QString& name, ParamType type, const QString& doc)
{
    return Param(name, type, true, doc);
}

Param optional(const QString& name, ParamType type, const QString& doc)
{
    return Param(name, type, false, doc);
}

CliCommandSpec command(const QString& noun, const QString& verb, const QList<CliArgumentSpec>& arguments = {},
                       const QList<CliOptionSpec>& options = {})
{
    CliCommandSpec spec;
    spec.noun = noun;
    spec.verb = verb;
    spec.arguments = arguments;
    spec.options = options;
    return spec;
}

CliArgumentSpec argument(const QString& valueName, const QString& param, CliValueKind kind = CliValueKind::Text)
{
    return CliArgumentSpec{valueName, param, kind, false, false};
}

CliArgumentSpec optionalArgument(const QString& valueName, const QString& param, CliValueKind kind = CliValueKind::Text)
{
    return CliArgumentSpec{valueName, param, kind, true, false};
}

CliOptionSpec option(const QString& name, const QString& param, const QString& valueName,
                     CliValueKind kind = CliValueKind::Text)
{
    return CliOptionSpec{name, param, valueName, kind};
}

MethodSpec method(const QString& name, const QString& summary, const QList<ParamSpec>& params,
                  const QList<FieldSpec>& result, const QList<CliCommandSpec>& commands, bool mutating = false)
{
    MethodSpec spec;
    spec.name = name;
    spec.summary = summary;
    spec.params = params;
    spec.result = result;
    spec.commands = commands;
    spec.mutating = mutating;
    return spec;
}

const QStringList callStates{u"setup"_s, u"ringing"_s, u"answered"_s, u"ended"_s, u"failed"_s};

QList<ParamSpec> destinationChangeParams(const QString& what)
{
    return {required(u"destination"_s, ParamType::String, u"Destination name or SIP URI."_s).notEmpty(),
            optional(u"group"_s, ParamType::String,
                     u"Group of the destination; needed when the name is in several groups."_s),
            optional(u"reason"_s, ParamType::String, u"Why; written to the audit log. Recommended."_s + what)};
}

const QList<FieldSpec> destinationChangeResult{
    {u"group"_s, u"string"_s, u"The destination's group."_s},
    {u"destination"_s, u"string"_s, u"The destination's name (its URI when it has none)."_s},
    {u"uri"_s, u"string"_s, u"The destination's SIP URI."_s},
    {u"state"_s, u"string"_s, u"The new administrative state: \"enabled\", \"disabled\" or \"draining\"."_s},
};

QList<CliCommandSpec> destinationChangeCommand(const QString& verb)
{
    return {command(u"destinations"_s, verb, {argument(u"NAME"_s, u"destination"_s)},
                    {option(u"group"_s, u"group"_s, u"GROUP"_s), option(u"reason"_s, u"reason"_s, u"TEXT"_s)})};
}

} // namespace

QList<MethodSpec> controlMethods()
{
    QStringList topicNames;
    for (const TopicSpec& topic : eventTopics())
        topicNames << topic.name;

    CliCommandSpec hello = command(u"system"_s, u"hello"_s);
    hello.fixedParams = {{u"client"_s, u"tollgatectl"_s}};

    CliCommandSpec export_ = command(u"rules"_s, u"export"_s);
    export_.summary = u"Prints the active ruleset as canonical JSON (as `tollgated --export` does)."_s;

    CliCommandSpec eventsWatch = command(u"events"_s, u"watch"_s);
    eventsWatch.arguments = {CliArgumentSpec{u"TOPIC"_s, u"topics"_s, CliValueKind::Text, false, true}};
    eventsWatch.summary = u"Prints the notifications of the given topics, one line each, until interrupted."_s;
    eventsWatch.streaming = true;
    CliCommandSpec callsWatch = command(u"calls"_s, u"watch"_s);
    callsWatch.fixedParams = {{u"topics"_s, QJsonArray{u"calls"_s}}};
    callsWatch.summary = u"Prints call events (created, updated, ended, messages), one line each, until "
                         u"interrupted."_s;
    callsWatch.streaming = true;

    return {
        method(u"system.hello"_s, u"Identifies the daemon and the protocol; the first call of a client."_s,
               {optional(u"client"_s, ParamType::String,
                         u"Name and version of the client (\"tollgate-console/0.1.0\"), for the log."_s)},
               {{u"protocolVersion"_s, u"integer"_s, u"Version of this protocol (see Versioning)."_s},
                {u"server"_s, u"string"_s, u"\"tollgated\"."_s},
                {u"version"_s, u"string"_s, u"The daemon's version."_s},
                {u"user"_s, u"string"_s, u"The caller's Unix user name, as requests are attributed."_s},
                {u"methods"_s, u"array of strings"_s, u"Every method this daemon knows, in catalogue order."_s},
                {u"topics"_s, u"array of strings"_s, u"Every event topic."_s}},
               {hello}),
        method(u"system.status"_s, u"The daemon's state: version, uptime, addresses, database, active revision."_s, {},
               {{u"version"_s, u"string"_s, u"The daemon's version."_s},
                {u"startedAt"_s, u"string"_s, u"Start time, ISO 8601 UTC."_s},
                {u"uptimeSeconds"_s, u"integer"_s, u"Seconds since the start."_s},
                {u"listen"_s, u"array of strings"_s, u"SIP listen addresses as URIs."_s},
                {u"controlSocket"_s, u"string"_s, u"Path of the control socket."_s},
                {u"database"_s, u"string"_s, u"Path of the SQLite database."_s},
                {u"activeRevision"_s, u"object"_s, u"The live ruleset: {id, createdAt, author, comment}."_s},
                {u"overloaded"_s, u"boolean"_s, u"True while the daemon sheds load (answers 503)."_s}},
               {command(u"system"_s, u"status"_s)}),
        method(u"stats.get"_s, u"Traffic counters: call rate, active calls, responses, carriers, destinations."_s, {},
               {{u"callsPerSecond"_s, u"number"_s, u"New calls per second, averaged over the last 10 s."_s},
                {u"activeCalls"_s, u"integer"_s, u"Calls set up or answered now."_s},
                {u"responses"_s, u"object"_s,
                 u"Final and provisional responses relayed, by class: "
                 u"{\"1xx\": n, ..., \"6xx\": n}."_s},
                {u"counters"_s, u"object"_s, u"Pipeline counters by name (requests, drops, parse errors, ...)."_s},
                {u"carriers"_s, u"array of objects"_s, u"Per carrier: {name, active, total, rejected}."_s},
                {u"destinations"_s, u"array of objects"_s,
                 u"Per destination: {group, name, uri, active, "
                 u"attempts, failures}."_s},
                {u"overloaded"_s, u"boolean"_s, u"True while the daemon sheds load (answers 503)."_s},
                {u"memory"_s, u"object"_s,
                 u"The daemon's memory as of its last 5-second check: {heapInUseBytes, heapFreeBytes, "
                 u"residentBytes, trims, releasedBytes}; free heap is given back to the system after a burst "
                 u"of calls."_s}},
               {command(u"stats"_s, u"show"_s)}),
        method(
            u"calls.list"_s, u"Current and recent calls, newest first, filtered."_s,
            {optional(u"carrier"_s, ParamType::String, u"Only calls from or to this carrier."_s),
             optional(u"destination"_s, ParamType::String,
                      u"Only calls relayed to this destination "
                      u"(name or URI)."_s),
             optional(u"state"_s, ParamType::String, u"Only calls in this state."_s).oneOf(callStates),
             optional(u"caller"_s, ParamType::String, u"Only calls whose caller contains this text."_s),
             optional(u"callee"_s, ParamType::String, u"Only calls whose callee contains this text."_s),
             optional(u"minDurationSeconds"_s, ParamType::Integer,
                      u"Only calls answered at least this "
                      u"long."_s)
                 .atLeast(0),
             optional(u"limit"_s, ParamType::Integer, u"At most this many calls."_s).range(1, 10000).byDefault(100),
             optional(u"offset"_s, ParamType::Integer, u"Skip this many matching calls first."_s)
                 .atLeast(0)
                 .byDefault(0)},
            {{u"total"_s, u"integer"_s, u"Matching calls before limit and offset."_s},
             {u"calls"_s, u"array of call"_s, u"The calls."_s}},
            {command(u"calls"_s, u"list"_s, {},
                     {option(u"carrier"_s, u"carrier"_s, u"NAME"_s),
                      option(u"destination"_s, u"destination"_s, u"NAME"_s), option(u"state"_s, u"state"_s, u"STATE"_s),
                      option(u"caller"_s, u"caller"_s, u"TEXT"_s), option(u"callee"_s, u"callee"_s, u"TEXT"_s),
                      option(u"min-duration"_s, u"minDurationSeconds"_s, u"SECONDS"_s, CliValueKind::Integer),
                      option(u"limit"_s, u"limit"_s, u"N"_s, CliValueKind::Integer),
                      option(u"offset"_s, u"offset"_s, u"N"_s, CliValueKind::Integer)})}),
        method(u"calls.get"_s, u"One call with its SIP messages (for a ladder diagram)."_s,
               {required(u"callId"_s, ParamType::String, u"The call's Call-ID."_s).notEmpty()},
               {{u"call"_s, u"call"_s, u"The call."_s},
                {u"messages"_s, u"array of message"_s, u"Its SIP messages in the order the daemon saw them."_s}},
               {command(u"calls"_s, u"show"_s, {argument(u"CALL-ID"_s, u"callId"_s)})}),
        method(u"calls.end"_s, u"Ends a call: BYE to both sides (CANCEL while it is being set up)."_s,
               {required(u"callId"_s, ParamType::String, u"The call's Call-ID."_s).notEmpty(),
                optional(u"reason"_s, ParamType::String, u"Why; written to the audit log."_s)},
               {{u"ended"_s, u"boolean"_s, u"True when the call was ended; false when it had already ended."_s}},
               {command(u"calls"_s, u"end"_s, {argument(u"CALL-ID"_s, u"callId"_s)},
                        {option(u"reason"_s, u"reason"_s, u"TEXT"_s)})},
               true),
        method(u"destinations.list"_s, u"Destinations with their administrative state, health and load."_s,
               {optional(u"group"_s, ParamType::String, u"Only the destinations of this group."_s)},
               {{u"destinations"_s, u"array of destination"_s, u"In group order, then priority order."_s}},
               {command(u"destinations"_s, u"list"_s, {}, {option(u"group"_s, u"group"_s, u"GROUP"_s)})}),
        method(u"destinations.enable"_s, u"Puts a disabled or draining destination back into service."_s,
               destinationChangeParams({}), destinationChangeResult, destinationChangeCommand(u"enable"_s), true),
        method(u"destinations.disable"_s,
               u"Takes a destination out of service at once; calls in progress through it go on."_s,
               destinationChangeParams(u" Kept until the destination is enabled again, across restarts."_s),
               destinationChangeResult, destinationChangeCommand(u"disable"_s), true),
        method(u"destinations.drain"_s,
               u"Sends no new calls to a destination; calls and dialogs in progress finish there."_s,
               destinationChangeParams({}), destinationChangeResult, destinationChangeCommand(u"drain"_s), true),
        method(u"groups.failover"_s,
               u"Moves a group's new calls from its current first destination to the next healthy one."_s,
               {required(u"group"_s, ParamType::String, u"The destination group."_s).notEmpty(),
                optional(u"reason"_s, ParamType::String, u"Why; written to the audit log."_s)},
               {{u"group"_s, u"string"_s, u"The group."_s},
                {u"from"_s, u"string"_s, u"URI of the destination that was first."_s},
                {u"to"_s, u"string"_s, u"URI of the destination that is first now."_s}},
               {command(u"groups"_s, u"failover"_s, {argument(u"GROUP"_s, u"group"_s)},
                        {option(u"reason"_s, u"reason"_s, u"TEXT"_s)})},
               true),
        method(u"rules.get"_s, u"The active ruleset and its revision."_s, {},
               {{u"revision"_s, u"revision"_s, u"The active revision."_s},
                {u"ruleset"_s, u"object"_s, u"The ruleset in its canonical JSON form (docs/ruleset-format.md)."_s}},
               {export_}),
        method(u"rules.validate"_s, u"Checks a ruleset without applying it."_s,
               {required(u"ruleset"_s, ParamType::Object, u"A ruleset document (docs/ruleset-format.md)."_s)},
               {{u"valid"_s, u"boolean"_s, u"True when the ruleset has no error (warnings allowed)."_s},
                {u"diagnostics"_s, u"array of diagnostic"_s, u"Every error and warning."_s}},
               {command(u"rules"_s, u"validate"_s, {argument(u"FILE"_s, u"ruleset"_s, CliValueKind::JsonFile)})}),
        method(
            u"rules.apply"_s,
            u"Validates a ruleset, stores it as a new revision and makes it live without dropping calls."_s,
            {required(u"ruleset"_s, ParamType::Object, u"A ruleset document (docs/ruleset-format.md)."_s),
             required(u"comment"_s, ParamType::String, u"What changed and why; kept with the revision."_s).notEmpty()},
            {{u"revision"_s, u"revision"_s, u"The new, now active revision."_s},
             {u"diagnostics"_s, u"array of diagnostic"_s, u"Warnings (an applied ruleset has no error)."_s}},
            {command(u"rules"_s, u"apply"_s, {argument(u"FILE"_s, u"ruleset"_s, CliValueKind::JsonFile)},
                     {option(u"comment"_s, u"comment"_s, u"TEXT"_s)})},
            true),
        method(
            u"rules.revisions"_s, u"The revision history, newest first."_s,
            {optional(u"limit"_s, ParamType::Integer, u"At most this many revisions."_s).range(1, 10000).byDefault(50)},
            {{u"active"_s, u"integer"_s, u"Id of the active revision."_s},
             {u"revisions"_s, u"array of revision"_s, u"Newest first."_s}},
            {command(u"rules"_s, u"revisions"_s, {}, {option(u"limit"_s, u"limit"_s, u"N"_s, CliValueKind::Integer)})}),
        method(u"rules.diff"_s, u"The structured difference between two revisions."_s,
               {required(u"from"_s, ParamType::Integer, u"The older revision."_s).atLeast(1),
                optional(u"to"_s, ParamType::Integer, u"The newer revision; the active one when absent."_s).atLeast(1)},
               {{u"from"_s, u"integer"_s, u"The older revision."_s},
                {u"to"_s, u"integer"_s, u"The newer revision."_s},
                {u"changes"_s, u"array of change"_s, u"In document order; empty when they are equal."_s}},
               {command(u"rules"_s, u"diff"_s,
                        {argument(u"FROM"_s, u"from"_s, CliValueKind::Integer),
                         optionalArgument(u"TO"_s, u"to"_s, CliValueKind::Integer)})}),
        method(u"rules.rollback"_s, u"Makes an earlier revision live again, as a new revision."_s,
               {required(u"revision"_s, ParamType::Integer, u"The revision to restore."_s).atLeast(1),
                optional(u"comment"_s, ParamType::String, u"Why; kept with the new revision."_s)},
               {{u"revision"_s, u"revision"_s, u"The new, now active revision."_s},
                {u"rolledBackFrom"_s, u"integer"_s, u"The revision that was active before."_s}},
               {command(u"rules"_s, u"rollback"_s, {argument(u"REVISION"_s, u"revision"_s, CliValueKind::Integer)},
                        {option(u"comment"_s, u"comment"_s, u"TEXT"_s)})},
               true),
        method(u"rules.dryRun"_s,
               u"Runs a SIP request through the rules, live or draft, and shows what would happen; changes "
               u"nothing."_s,
               {required(u"message"_s, ParamType::String, u"The SIP request, as text."_s).notEmpty(),
                optional(u"source"_s, ParamType::String, u"Where it came from, \"ip:port\"."_s)
                    .byDefault(u"192.0.2.10:5060"_s),
                optional(u"transport"_s, ParamType::String, u"How it came."_s)
                    .oneOf({u"udp"_s, u"tcp"_s, u"tls"_s})
                    .byDefault(u"udp"_s),
                optional(u"ruleset"_s, ParamType::Object, u"A draft ruleset to use instead of the live one."_s)},
               {{u"decision"_s, u"object"_s,
                 u"The outcome: {outcome, reply, relay, flags, requestUri, headerEdits, "
                 u"cacheWrites, decidedBy, ...} (outcome: reply, relay, drop or "
                 u"no-decision)."_s},
                {u"trace"_s, u"object"_s,
                 u"Every rule visited: {carrier, initialFlags, visits: [{route, rule, "
                 u"index, depth, conditions, actions, ending}]}."_s},
                {u"carrier"_s, u"string or null"_s, u"The carrier the source was classified as."_s},
                {u"flags"_s, u"array of strings"_s, u"Flags set when the rules ended."_s},
                {u"rewrittenMessage"_s, u"string"_s,
                 u"The request as it would be forwarded (empty unless "
                 u"relayed)."_s}},
               {command(u"rules"_s, u"dry-run"_s, {argument(u"FILE"_s, u"message"_s, CliValueKind::TextFile)},
                        {option(u"source"_s, u"source"_s, u"IP:PORT"_s),
                         option(u"transport"_s, u"transport"_s, u"udp|tcp|tls"_s),
                         option(u"draft"_s, u"ruleset"_s, u"RULESET.json"_s, CliValueKind::JsonFile)})}),
        method(
            u"audit.list"_s, u"The audit log: who changed what and when, newest first."_s,
            {optional(u"limit"_s, ParamType::Integer, u"At most this many entries."_s).range(1, 10000).byDefault(100),
             optional(u"since"_s, ParamType::String, u"Only entries at or after this time, ISO 8601."_s),
             optional(u"user"_s, ParamType::String, u"Only entries of this user."_s),
             optional(u"action"_s, ParamType::String, u"Only entries of this action (a method name)."_s),
             optional(u"target"_s, ParamType::String, u"Only entries about this target."_s)},
            {{u"entries"_s, u"array of auditEntry"_s, u"Newest first."_s}},
            {command(u"audit"_s, u"list"_s, {},
                     {option(u"limit"_s, u"limit"_s, u"N"_s, CliValueKind::Integer),
                      option(u"since"_s, u"since"_s, u"TIME"_s), option(u"user"_s, u"user"_s, u"USER"_s),
                      option(u"action"_s, u"action"_s, u"METHOD"_s), option(u"target"_s, u"target"_s, u"TARGET"_s)})}),
        method(u"events.subscribe"_s,
               u"Starts sending this connection the notifications of the given topics (see Events)."_s,
               {required(u"topics"_s, ParamType::StringArray, u"Topics to add."_s).oneOf(topicNames).notEmpty()},
               {{u"subscribed"_s, u"array of strings"_s, u"Every topic this connection is subscribed to now."_s}},
               {eventsWatch, callsWatch}),
        method(u"events.unsubscribe"_s, u"Stops sending this connection the notifications of the given topics."_s,
               {required(u"topics"_s, ParamType::StringArray, u"Topics to remove."_s).oneOf(topicNames).notEmpty()},
               {{u"subscribed"_s, u"array of strings"_s, u"Every topic this connection is still subscribed to."_s}},
               {}),
    };
}

} // namespace tollgate::catalogue
