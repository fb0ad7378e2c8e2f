#pragma once

#include <QJsonArray>
#include <QString>
#include <QTimeZone>

namespace tollgate {

/// A call's SIP messages as a text sequence diagram (`tollgatectl calls show`): one column per
/// address ("ip:port", in order of appearance), one arrow per message with its method or status,
/// the time on the left.
///
///                     203.0.113.7:5060    192.0.2.1:5060
///     14:03:04.120    |-- INVITE ------->|
///     14:03:04.150    |<- 100 Trying ----|
class CallLadder
{
public:
    /// The diagram of `messages` (message objects of calls.get), times in `zone`.
    static QString render(const QJsonArray& messages, const QTimeZone& zone);

    /// The arrow label for a first line: the method of a request line ("INVITE"), code and
    /// reason of a status line ("180 Ringing").
    static QString label(const QString& firstLine);
};

} // namespace tollgate
