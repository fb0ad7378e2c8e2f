#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tollgate {

/// What the rules decided about a request.
enum class DecisionOutcome
{
    NoDecision, ///< MAIN ended without reply, relay or drop: the proxy answers 500.
    Reply,      ///< Answer with replyCode / replyReason.
    Relay,      ///< Forward to group `groupIndex` or to `relayUri`.
    Drop,       ///< Discard silently (counted).
};

/// A header change to make on the forwarded request, in order.
struct HeaderEdit
{
    enum class Operation
    {
        Add,
        Remove,
    };
    Operation operation = Operation::Add;
    std::string name;
    std::string value; ///< Add only.

    bool operator==(const HeaderEdit&) const = default;
};

/// A cache change the rules asked for. The engine does not write caches itself (it stays pure
/// and a dry run changes nothing); the data plane applies these after the evaluation.
struct CacheWrite
{
    enum class Operation
    {
        Store,
        Delete,
    };
    Operation operation = Operation::Store;
    std::string cache;
    std::string key;
    std::string value; ///< Store only.

    bool operator==(const CacheWrite&) const = default;
};

/// A line a Log action produced.
struct DecisionLogLine
{
    enum class Level
    {
        Debug,
        Info,
        Warning,
    };
    Level level = Level::Info;
    std::string text;

    bool operator==(const DecisionLogLine&) const = default;
};

/// The result of RuleEngine::evaluate: the request's fate plus every side effect to perform.
struct RouteDecision
{
    DecisionOutcome outcome = DecisionOutcome::NoDecision;

    int replyCode = 0;       ///< Reply
    std::string replyReason; ///< Reply

    int groupIndex = -1;  ///< Relay to a destination group (index in the compiled ruleset), or -1
    std::string relayUri; ///< Relay to a fixed next hop when groupIndex is -1
    /// Relay with a sticky cache: the destination URI found in the cache (empty when none), and
    /// where to store the destination finally chosen.
    std::string preferredDestination;
    std::string stickyCache;
    std::string stickyKey;

    std::uint64_t flags = 0;   ///< Flag bits at the end of the evaluation (built-ins included).
    int finalReplyTimerMs = 0; ///< 0 = the group's default.
    std::optional<std::string> requestUri; ///< The rewritten Request-URI, when a rule changed it.
    std::vector<HeaderEdit> headerEdits;
    std::vector<CacheWrite> cacheWrites;
    bool applyCarrierMapping = false;
    std::vector<DecisionLogLine> logLines;

    /// Where the fate was decided, for logs and counters ("MAIN", "options"); empty for NoDecision.
    std::string decidedInRoute;
    std::string decidedByRule;
    /// The same place as indices into the compiled ruleset (-1 for NoDecision), for counters.
    int decidedRouteIndex = -1;
    int decidedRuleIndex = -1;
    /// For a run-time failure (Reply 500 "Rewrite Failed", "Invalid Relay Target", ...): what
    /// went wrong, for the log. Empty otherwise.
    std::string failure;

    bool operator==(const RouteDecision&) const = default;
};

} // namespace tollgate
