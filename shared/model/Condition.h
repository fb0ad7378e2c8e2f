#pragma once

#include <QString>
#include <QStringList>

namespace tollgate {

/// What a condition tests. The JSON spelling of each kind is given by conditionKindName().
enum class ConditionKind
{
    Method,           ///< Request method is one of `methods`.
    Flag,             ///< Flag `flag` is set.
    SourceCarrier,    ///< The source classified as carrier `carrier`.
    SourceAnyCarrier, ///< The source classified as some carrier (trusted or not).
    SourceTrusted,    ///< The source classified as a trusted carrier.
    SourceCidr,       ///< The source IP lies in `cidr`.
    Transport,        ///< The request arrived over one of `transports`.
    Match,            ///< Message field `field` matches `value` with `op` (exact, prefix, regex).
    HeaderPresent,    ///< Header `header` is present.
    InDialog,         ///< The request carries a To tag (it belongs to an existing dialog).
    CacheHasKey,      ///< Cache `cache` holds a live entry for the expanded template `key`.
};

/// How a Match condition compares.
enum class MatchOp
{
    Exact,  ///< Whole value equal (case-sensitive for users, case-insensitive for hosts).
    Prefix, ///< Value starts with the given text.
    Regex,  ///< Perl-compatible regular expression, unanchored unless it anchors itself.
};

/// Every kind's JSON spelling, indexed by kind, built once (a large ruleset names thousands).
const QStringList& conditionKindNames();
const QString& conditionKindName(ConditionKind kind);
/// "a method condition": how messages name a condition of this kind.
const QString& conditionKindDescription(ConditionKind kind);
bool parseConditionKind(const QString& name, ConditionKind* kind);
QString matchOpName(MatchOp op);
bool parseMatchOp(const QString& name, MatchOp* op);

/// One test of a rule. Only the fields of its kind are meaningful (see docs/ruleset-format.md);
/// the others stay empty and are neither written nor read.
struct Condition
{
    ConditionKind kind = ConditionKind::Method;
    bool negate = false; ///< The condition holds when the test is false.

    QStringList methods;    ///< Method
    QString flag;           ///< Flag
    QString carrier;        ///< SourceCarrier
    QString cidr;           ///< SourceCidr
    QStringList transports; ///< Transport: "udp", "tcp", "tls"
    /// Match: "ruri.user", "ruri.host", "from.user", "from.host", "to.user", "to.host" or
    /// "header.<Name>" (the first value of that header).
    QString field;
    MatchOp op = MatchOp::Exact; ///< Match
    QString value;               ///< Match
    QString header;              ///< HeaderPresent
    QString cache;               ///< CacheHasKey
    QString key;                 ///< CacheHasKey: a template such as "{call_id}"

    bool operator==(const Condition&) const = default;
};

} // namespace tollgate
