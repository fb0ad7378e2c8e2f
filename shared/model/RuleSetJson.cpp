#include "RuleSetJson.h"

#include "JsonReadProblems.h"
#include "RuleSetJsonReader.h"
#include "RuleSetJsonWriter.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace tollgate {

namespace {

/// `line L, column C` of byte `offset` in UTF-8 `text`, both 1-based, columns in characters.
QString lineAndColumn(const QByteArray& text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text.at(i));
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) { // UTF-8 continuation bytes do not start a character.
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

void setErrors(Diagnostics* errors, Diagnostics problems)
{
    if (errors)
        *errors = std::move(problems);
}

} // namespace

QByteArray RuleSetJson::toCanonicalJson(const RuleSet& ruleSet)
{
    return RuleSetJsonWriter::ruleSet(ruleSet).toCanonicalText();
}

QJsonObject RuleSetJson::toJsonObject(const RuleSet& ruleSet)
{
    return RuleSetJsonWriter::ruleSet(ruleSet).toJsonValue().toObject();
}

bool RuleSetJson::fromJson(const QByteArray& json, RuleSet* ruleSet, Diagnostics* errors)
{
    if (json.size() > RuleSetLimits::MaxDocumentBytes) {
        setErrors(errors, {Diagnostic{Diagnostic::Severity::Error, QString(),
                                      QStringLiteral("the document is %1 bytes, over the limit of %2 bytes")
                                          .arg(json.size())
                                          .arg(RuleSetLimits::MaxDocumentBytes),
                                      QStringLiteral("split the ruleset or remove unused parts")}});
        return false;
    }

    // Editors on some systems start UTF-8 files with a byte order mark; JSON does not allow it.
    const QByteArray bom("\xEF\xBB\xBF");
    const QByteArray text = json.startsWith(bom) ? json.mid(bom.size()) : json;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setErrors(errors,
                  {Diagnostic{Diagnostic::Severity::Error, QString(),
                              lineAndColumn(text, parseError.offset) + QStringLiteral(": ") + parseError.errorString(),
                              QString()}});
        return false;
    }
    if (!document.isObject()) {
        setErrors(errors, {Diagnostic{Diagnostic::Severity::Error, QString(),
                                      QStringLiteral("the document is not a JSON object"),
                                      QStringLiteral("a ruleset document is one object that starts with "
                                                     "{\"format\": \"tollgate-ruleset\", \"version\": %1")
                                          .arg(RuleSetFormatVersion)}});
        return false;
    }
    return fromJsonObject(document.object(), ruleSet, errors);
}

bool RuleSetJson::fromJsonObject(const QJsonObject& object, RuleSet* ruleSet, Diagnostics* errors)
{
    JsonReadProblems problems(RuleSetLimits::MaxReportedProblems);
    RuleSet result;
    RuleSetJsonReader(&problems).read(object, &result);
    if (!problems.isEmpty()) {
        setErrors(errors, problems.diagnostics());
        return false;
    }
    *ruleSet = std::move(result);
    if (errors)
        errors->clear();
    return true;
}

} // namespace tollgate
