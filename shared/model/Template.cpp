#include "Template.h"

#include "NameSuggestion.h"
#include "NameSyntax.h"
#include "SipSyntax.h"

#include <array>
#include <utility>

namespace tollgate {

namespace {

constexpr std::array<std::pair<TemplateField, const char16_t*>, 13> PlainFields{{
    {TemplateField::CallId, u"call_id"},
    {TemplateField::Method, u"method"},
    {TemplateField::RequestUri, u"ruri"},
    {TemplateField::RuriUser, u"ruri.user"},
    {TemplateField::RuriHost, u"ruri.host"},
    {TemplateField::FromUser, u"from.user"},
    {TemplateField::FromHost, u"from.host"},
    {TemplateField::ToUser, u"to.user"},
    {TemplateField::ToHost, u"to.host"},
    {TemplateField::SourceIp, u"source.ip"},
    {TemplateField::SourcePort, u"source.port"},
    {TemplateField::Transport, u"transport"},
    {TemplateField::Carrier, u"carrier"},
}};

} // namespace

QStringList Template::fieldNames()
{
    QStringList names;
    for (const auto& [field, name] : PlainFields)
        names << QString::fromUtf16(name);
    names << QStringLiteral("header.NAME") << QStringLiteral("var.NAME");
    return names;
}

bool Template::isConstant() const
{
    for (const Segment& segment : m_segments) {
        if (!segment.isLiteral)
            return false;
    }
    return true;
}

bool Template::parse(const QString& text, Template* result, QString* error)
{
    QString hint;
    if (parse(text, result, error, &hint))
        return true;
    if (!hint.isEmpty())
        *error += QStringLiteral(" (") + hint + QLatin1Char(')');
    return false;
}

bool Template::parse(const QString& text, Template* result, QString* error, QString* hint)
{
    hint->clear();
    Template parsed;
    parsed.m_segments.reserve(std::size_t(text.count(u'{')) * 2 + 1);
    QString literal;
    const auto flushLiteral = [&] {
        if (!literal.isEmpty()) {
            parsed.m_segments.push_back(Segment{true, literal.toStdString(), TemplateField::CallId, {}});
            literal.clear();
        }
    };

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'}') {
            if (i + 1 < text.size() && text.at(i + 1) == u'}') {
                literal += u'}';
                ++i;
                continue;
            }
            *error = QStringLiteral("unmatched '}' at position %1").arg(i + 1);
            *hint = QStringLiteral("write '}}' for a literal brace");
            return false;
        }
        if (c != u'{') {
            literal += c;
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == u'{') {
            literal += u'{';
            ++i;
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 1);
        if (close < 0) {
            *error = QStringLiteral("unterminated '{' at position %1").arg(i + 1);
            *hint = QStringLiteral("write '{{' for a literal brace");
            return false;
        }
        const QString name = text.mid(i + 1, close - i - 1);
        i = close;
        flushLiteral();

        Segment segment{false, {}, TemplateField::CallId, {}};
        bool known = false;
        for (const auto& [field, fieldName] : PlainFields) {
            if (name == QStringView(fieldName)) {
                segment.field = field;
                known = true;
                break;
            }
        }
        if (!known && name.startsWith(u"header.")) {
            const QString header = name.mid(7);
            if (!SipSyntax::isToken(header)) {
                *error = QStringLiteral("template field {%1} does not name a valid header").arg(name);
                return false;
            }
            segment.field = TemplateField::Header;
            segment.argument = header.toStdString();
            known = true;
        }
        if (!known && name.startsWith(u"var.")) {
            const QString variable = name.mid(4);
            if (!NameSyntax::isLowerSnakeCase(variable)) {
                *error = QStringLiteral("template field {%1} does not name a valid variable").arg(name);
                const QString suggestion = NameSyntax::toLowerSnakeCase(variable);
                *hint = suggestion.isEmpty()
                            ? QStringLiteral("variable names are lower_snake_case")
                            : QStringLiteral("variable names are lower_snake_case, e.g. {var.%1}").arg(suggestion);
                return false;
            }
            segment.field = TemplateField::Variable;
            segment.argument = variable.toStdString();
            known = true;
        }
        if (!known) {
            QStringList candidates;
            for (const auto& [field, fieldName] : PlainFields)
                candidates << QString::fromUtf16(fieldName);
            const QString suggestion = suggestName(name, candidates);
            *error = QStringLiteral("unknown template field {%1}").arg(name);
            if (!suggestion.isEmpty())
                *hint = QStringLiteral("did you mean {%1}?").arg(suggestion);
            return false;
        }
        parsed.m_segments.push_back(std::move(segment));
    }
    flushLiteral();
    *result = std::move(parsed);
    return true;
}

} // namespace tollgate
