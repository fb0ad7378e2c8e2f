#pragma once

#include "CompiledTemplate.h"
#include "RouteDecision.h"
#include "RuleIndex.h"
#include "SipRequestView.h"
#include "model/Rule.h"
#include "net/IpAddress.h"

#include <QRegularExpression>
#include <cstdint>
#include <string>
#include <vector>

namespace tollgate {

// The compiled program of a ruleset: the form the rule engine runs. Names are resolved to
// indices and bits, text is UTF-8, regular expressions are compiled. Built by RuleCompiler and
// immutable afterwards. Each struct carries only what its kind needs; the rest stays default.

/// Which message field a Match condition reads.
struct MatchTarget
{
    bool isHeader = false; ///< header.<Name> rather than a URI field.
    UriField uriField = UriField::RuriUser;
    std::string header;           ///< Header name when isHeader.
    bool caseInsensitive = false; ///< Hosts compare case-insensitively (exact, prefix).
};

/// One compiled condition (see Condition for the meaning of each kind).
struct CompiledCondition
{
    ConditionKind kind = ConditionKind::Method;
    bool negate = false;
    std::vector<std::string> methods; ///< Method
    int flagBit = -1;                 ///< Flag
    int carrier = -1;                 ///< SourceCarrier
    CidrBlock cidr;                   ///< SourceCidr
    std::uint8_t transportMask = 0;   ///< Transport: bit (1 << int(Transport)) per transport
    MatchTarget target;               ///< Match
    MatchOp op = MatchOp::Exact;      ///< Match
    std::string value;                ///< Match: exact or prefix text
    QRegularExpression regex;         ///< Match with op Regex
    std::string header;               ///< HeaderPresent
    int cache = -1;                   ///< CacheHasKey
    CompiledTemplate key;             ///< CacheHasKey
};

/// Which part of the Request-URI a RewriteUri action replaces.
enum class UriPart
{
    Uri,
    User,
    Host,
};

/// One compiled action (see Action for the meaning of each kind).
struct CompiledAction
{
    ActionKind kind = ActionKind::SetFlag;
    int flagBit = -1;     ///< SetFlag, ClearFlag
    int code = 0;         ///< Reply
    std::string reason;   ///< Reply
    int group = -1;       ///< Relay to a group, or -1 to relay to `uri`
    CompiledTemplate uri; ///< Relay to a URI
    int stickyCache = -1; ///< Relay to a group: cache of the sticky destination, or -1
    CompiledTemplate stickyKey;
    int route = -1;                                              ///< CallRoute
    int milliseconds = 0;                                        ///< SetTimer
    int cache = -1;                                              ///< CacheStore, CacheLoad, CacheDelete
    CompiledTemplate key;                                        ///< CacheStore, CacheLoad, CacheDelete
    CompiledTemplate value;                                      ///< CacheStore, RewriteUri, AddHeader, Log (message)
    int variable = -1;                                           ///< CacheLoad
    UriPart part = UriPart::Uri;                                 ///< RewriteUri
    std::string header;                                          ///< AddHeader, RemoveHeader
    DecisionLogLine::Level level = DecisionLogLine::Level::Info; ///< Log
};

/// One compiled rule.
struct CompiledRule
{
    std::string name;
    bool enabled = true;
    std::vector<CompiledCondition> conditions;
    std::vector<CompiledAction> actions;
    RuleContinuation then = RuleContinuation::Continue;
};

/// One compiled route with its candidate index.
struct CompiledRoute
{
    std::string name;
    std::vector<CompiledRule> rules;
    RuleIndex index;
};

} // namespace tollgate
