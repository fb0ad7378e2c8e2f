#pragma once

#include "Diagnostic.h"
#include "LazyPath.h"
#include "RuleSet.h"
#include "Template.h"
#include "net/IpAddress.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <optional>

namespace tollgate {

/// What the checks of one RuleSetValidator::validate() run share: the names each kind of entity
/// defines (hash sets, so that a 10,000-rule ruleset validates in linear time), the variables
/// that cacheLoad actions load, the diagnostics found so far, and the checks every part of a
/// ruleset needs (names, references, templates). Internal to the validator.
class ValidationContext
{
public:
    explicit ValidationContext(const RuleSet& ruleSet);

    const RuleSet& ruleSet() const { return m_ruleSet; }

    void error(const LazyPath& path, const QString& message, const QString& hint = {});
    void warning(const LazyPath& path, const QString& message, const QString& hint = {});
    Diagnostics takeDiagnostics() { return std::move(m_diagnostics); }

    enum class NameStyle
    {
        UpperSnakeCase, ///< flags, routes
        LowerKebabCase, ///< carriers, groups, caches, rules
    };

    /// Checks that `name`, the name of a `noun` ("flag", "rule", ...) at `path`, is present, at
    /// most NameSyntax::MaxLength characters and spelled in `style`. True when it is.
    bool checkName(const LazyPath& path, const QString& noun, NameStyle style, const QString& name);

    /// Reports a duplicate of a name already seen in `seen` (one set per kind, or per route for
    /// rules) and records it; `style` says whether messages quote it (lower-kebab-case names).
    void checkUnique(QSet<QString>* seen, const LazyPath& path, const QString& noun, NameStyle style,
                     const QString& name);

    /// Reference checks: `<user> needs a <noun>` when `name` is empty, `unknown <noun> <name>`
    /// with a did-you-mean hint when nothing of that name is defined. True when it resolves.
    /// `user` names what holds the reference, e.g. "setFlag" or "a sourceCarrier condition".
    bool checkFlagReference(const LazyPath& path, const QString& user, const QString& name);
    bool checkCarrierReference(const LazyPath& path, const QString& user, const QString& name);
    bool checkRouteReference(const LazyPath& path, const QString& user, const QString& name);
    bool checkCacheReference(const LazyPath& path, const QString& user, const QString& name);
    /// The group named `name`, or nullptr after reporting it missing.
    const DestinationGroup* checkGroupReference(const LazyPath& path, const QString& user, const QString& name);

    bool isBuiltInFlag(const QString& name) const { return m_builtInFlags.contains(name); }

    /// Parses template `text` of field `field` ("key", "value", ...), reporting a syntax error
    /// and every {var.NAME} that no cacheLoad action loads. True when it parses.
    bool checkTemplate(const LazyPath& path, const QString& field, const QString& text, Template* parsed = nullptr);

    /// Reports `<field> <value> is out of range <minimum>-<maximum>` (or `must be at least
    /// <minimum>` for a range open to the largest int); true when in range.
    bool checkRange(const LazyPath& path, const QString& field, qint64 value, qint64 minimum, qint64 maximum,
                    const QString& hint = {});

    /// Parses an IP address or CIDR block (a carrier address, a sourceCidr value); on failure
    /// `*problem` says what is wrong ("host bits are set below the /24 prefix ...").
    static std::optional<CidrBlock> parseCidrBlock(const QString& text, QString* problem);

    /// Compiles regular expression `pattern`; on failure returns false and Qt's error message
    /// with the offset it points at. Each distinct pattern is compiled once per validation.
    bool isValidRegularExpression(const QString& pattern, QString* problem);

    /// `text` quoted as a JSON string would be, for messages about free text.
    static QString quote(const QString& text);

private:
    bool checkReference(const LazyPath& path, const QString& user, const QString& noun, const QString& name, bool known,
                        const QStringList& candidates, bool quoted);

    const RuleSet& m_ruleSet;
    Diagnostics m_diagnostics;
    QSet<QString> m_builtInFlags;
    QSet<QString> m_flags; ///< Declared and built-in.
    QStringList m_flagCandidates;
    QSet<QString> m_carriers;
    QStringList m_carrierCandidates;
    QSet<QString> m_routes;
    QStringList m_routeCandidates;
    QSet<QString> m_caches;
    QStringList m_cacheCandidates;
    QHash<QString, const DestinationGroup*> m_groups;
    QStringList m_groupCandidates;
    QHash<QString, QString> m_regularExpressionProblems; ///< pattern -> problem, empty when valid
    QSet<QString> m_loadedVariables;
    QStringList m_variableCandidates;
};

} // namespace tollgate
