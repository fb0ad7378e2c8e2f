#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace tollgate {

/// The pieces of SIP grammar (RFC 3261 section 25) that rule validation needs: tokens (method
/// and header names), the user part of a URI, and the headers the proxy manages itself.
class SipSyntax
{
public:
    /// `token`: one or more of A-Z a-z 0-9 and `-.!%*_+`'~`. Method and header names are tokens.
    static bool isToken(QStringView text);

    /// A URI user part: unreserved and user-unreserved characters (`&=+$,;?/`) and %HH escapes.
    /// The empty string is accepted (it removes the user part).
    static bool isUriUser(QStringView text);

    /// Headers the proxy maintains itself, which rules may read but not add or remove: Via,
    /// Route, Record-Route, Call-ID, CSeq, From, To, Max-Forwards, Content-Length, Contact.
    static QStringList managedHeaderNames();

    /// True for a managed header, by full or compact name (v, i, f, t, l, m), any case.
    static bool isManagedHeader(QStringView name);
};

} // namespace tollgate
