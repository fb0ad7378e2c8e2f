#pragma once

#include <QString>
#include <QStringList>
#include <string>
#include <vector>

namespace tollgate {

/// A value of the request or its context that a template can insert.
enum class TemplateField
{
    CallId,     ///< {call_id}
    Method,     ///< {method}
    RequestUri, ///< {ruri}
    RuriUser,   ///< {ruri.user}
    RuriHost,   ///< {ruri.host}
    FromUser,   ///< {from.user}
    FromHost,   ///< {from.host}
    ToUser,     ///< {to.user}
    ToHost,     ///< {to.host}
    SourceIp,   ///< {source.ip}
    SourcePort, ///< {source.port}
    Transport,  ///< {transport}: "udp", "tcp" or "tls"
    Carrier,    ///< {carrier}: name of the classified carrier, empty when none
    Header,     ///< {header.X-Name}: first value of header X-Name, empty when absent
    Variable,   ///< {var.NAME}: value loaded by a cacheLoad action, empty when unset
};

/// A parsed template such as "{from.user}@{source.ip}": literal text and fields, in order.
/// `{{` and `}}` stand for literal braces.
class Template
{
public:
    struct Segment
    {
        bool isLiteral = true;
        std::string literal; ///< UTF-8 text when isLiteral.
        TemplateField field = TemplateField::CallId;
        std::string argument; ///< Header name or variable name for Header / Variable.
    };

    /// Parses `text`; on failure returns false and a message naming the problem, e.g.
    /// `unknown template field {from.usr} (did you mean {from.user}?)`.
    static bool parse(const QString& text, Template* result, QString* error);

    /// The same, with the fix kept apart from the problem (for Diagnostic::hint): `error` gets
    /// `unknown template field {from.usr}` and `hint` gets `did you mean {from.user}?` (or an
    /// empty string when there is nothing to suggest).
    static bool parse(const QString& text, Template* result, QString* error, QString* hint);

    const std::vector<Segment>& segments() const { return m_segments; }
    bool isConstant() const;

    /// Every field name a template may use, for docs and "did you mean" hints.
    static QStringList fieldNames();

private:
    std::vector<Segment> m_segments;
};

} // namespace tollgate
