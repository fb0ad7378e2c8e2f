#include "SipSyntax.h"

namespace tollgate {

namespace {

bool isAlphaNumeric(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

} // namespace

bool SipSyntax::isToken(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (!isAlphaNumeric(c) && !QStringView(u"-.!%*_+`'~").contains(c))
            return false;
    }
    return true;
}

bool SipSyntax::isUriUser(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'%') {
            if (i + 2 >= text.size() || !isHexDigit(text.at(i + 1)) || !isHexDigit(text.at(i + 2)))
                return false;
            i += 2;
            continue;
        }
        if (!isAlphaNumeric(c) && !QStringView(u"-_.!~*'()&=+$,;?/").contains(c))
            return false;
    }
    return true;
}

QStringList SipSyntax::managedHeaderNames()
{
    return {QStringLiteral("Via"),     QStringLiteral("Route"),        QStringLiteral("Record-Route"),
            QStringLiteral("Call-ID"), QStringLiteral("CSeq"),         QStringLiteral("From"),
            QStringLiteral("To"),      QStringLiteral("Max-Forwards"), QStringLiteral("Content-Length"),
            QStringLiteral("Contact")};
}

bool SipSyntax::isManagedHeader(QStringView name)
{
    static const QStringList compactForms{QStringLiteral("v"), QStringLiteral("i"), QStringLiteral("f"),
                                          QStringLiteral("t"), QStringLiteral("l"), QStringLiteral("m")};
    static const QStringList fullNames = managedHeaderNames();
    return fullNames.contains(name, Qt::CaseInsensitive) || compactForms.contains(name, Qt::CaseInsensitive);
}

} // namespace tollgate
