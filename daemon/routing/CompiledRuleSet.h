#pragma once

#include "CompiledRule.h"
#include "RequestContext.h"
#include "classify/CarrierClassifier.h"
#include "classify/IpMappingRewriter.h"
#include "model/RuleSet.h"
#include "net/SipUri.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

/// A destination of a compiled group, with its URI parsed once.
struct CompiledDestination
{
    std::string uri;
    SipUri parsed; ///< Views into `uri`; valid as long as the CompiledRuleSet lives.
    int priority = 0;
    int weight = 1;
    bool enabled = true;
};

/// A ruleset compiled into the immutable program the rule engine runs: flag names are bit
/// positions, carriers, groups, caches and routes are indices, regular expressions and templates
/// are compiled, the carrier classifier and each route's candidate index are built.
///
/// It is created once per applied ruleset and held as std::shared_ptr<const CompiledRuleSet>:
/// the daemon swaps in a new one atomically while transactions that started on the old one keep
/// it alive. Nothing in it changes after compile(), so any number of threads may evaluate
/// requests against it at once.
class CompiledRuleSet
{
public:
    static constexpr int FromCarrierBit = 0; ///< Built-in flag FROM_CARRIER.
    static constexpr int FromTrustedBit = 1; ///< Built-in flag FROM_TRUSTED.
    static constexpr int InDialogBit = 2;    ///< Built-in flag IN_DIALOG.
    static constexpr int FirstUserFlagBit = 3;
    static constexpr int MaxFlags = 64;
    /// How deep callRoute may nest before the evaluation fails (cycles are a validation error;
    /// this guards the engine against a ruleset that skipped validation).
    static constexpr int MaxRouteDepth = 16;

    CompiledRuleSet(const CompiledRuleSet&) = delete;
    CompiledRuleSet& operator=(const CompiledRuleSet&) = delete;

    /// Compiles `ruleSet`. The caller validates first (RuleSetValidator); compile() does not
    /// repeat every check but never trusts its input either: an unresolved reference, a bad
    /// regular expression, CIDR block, template or URI fails with a message naming the place,
    /// e.g. `route MAIN › rule "options" › action 2: unknown flag X`, and returns nullptr.
    static std::shared_ptr<const CompiledRuleSet> compile(const RuleSet& ruleSet, QString* error);

    /// The ruleset this was compiled from.
    const RuleSet& ruleSet() const { return m_ruleSet; }

    // Flags.
    /// Number of bits in use (built-ins plus declared flags).
    int flagCount() const { return int(m_flagNames.size()); }
    /// Name of flag bit `bit`, or an empty string when the bit is not in use.
    QString flagName(int bit) const;
    /// Bit of flag `name` (built-in or declared), or -1.
    int flagBit(const QString& name) const;
    /// Names of the bits set in `flags`, in bit order.
    QStringList flagNames(std::uint64_t flags) const;

    // Carriers.
    int carrierCount() const { return int(m_ruleSet.carriers.size()); }
    const Carrier& carrier(int index) const { return m_ruleSet.carriers.at(index); }
    const std::string& carrierName(int index) const { return m_carrierNames[std::size_t(index)]; }
    bool carrierTrusted(int index) const { return m_carrierTrusted[std::size_t(index)]; }
    int carrierIndex(std::string_view name) const { return findName(m_carrierNames, name); }
    /// The IP-mapping rewriter of carrier `index` in `direction` (empty when it has no mappings).
    const IpMappingRewriter& carrierMapping(int index, MappingDirection direction) const;
    /// The carrier a source belongs to (see CarrierClassifier), or -1.
    int classify(const IpAddress& address, std::uint16_t port, Transport transport) const
    {
        return m_classifier.classify(address, port, transport);
    }
    int classify(const SourceAddress& source) const { return classify(source.ip, source.port, source.transport); }
    /// A RequestContext for `source` at `nowMs`, with the carrier classified.
    RequestContext makeContext(const SourceAddress& source, std::int64_t nowMs) const
    {
        return RequestContext{source, classify(source), nowMs};
    }

    // Destination groups.
    int groupCount() const { return int(m_ruleSet.groups.size()); }
    const DestinationGroup& group(int index) const { return m_ruleSet.groups.at(index); }
    const std::string& groupName(int index) const { return m_groupNames[std::size_t(index)]; }
    int groupIndex(std::string_view name) const { return findName(m_groupNames, name); }
    /// The destinations of group `index`, in configured order, with parsed URIs.
    const std::vector<CompiledDestination>& destinations(int index) const { return m_destinations[std::size_t(index)]; }

    // Caches.
    const QList<CacheDefinition>& cacheDefinitions() const { return m_ruleSet.caches; }
    int cacheCount() const { return int(m_cacheNames.size()); }
    const std::string& cacheName(int index) const { return m_cacheNames[std::size_t(index)]; }
    int cacheIndex(std::string_view name) const { return findName(m_cacheNames, name); }

    // Routes and rules.
    int routeCount() const { return int(m_routes.size()); }
    const std::string& routeName(int index) const { return m_routes[std::size_t(index)].name; }
    int routeIndex(std::string_view name) const;
    /// Index of route MAIN (compile() fails without it).
    int mainRoute() const { return m_mainRoute; }
    int ruleCount(int route) const { return int(m_routes[std::size_t(route)].rules.size()); }
    const std::string& ruleName(int route, int rule) const
    {
        return m_routes[std::size_t(route)].rules[std::size_t(rule)].name;
    }
    /// The compiled program of route `index`, for the rule engine.
    const CompiledRoute& route(int index) const { return m_routes[std::size_t(index)]; }
    /// The source of a rule (descriptions for traces).
    const Rule& sourceRule(int route, int rule) const { return m_ruleSet.routes.at(route).rules.at(rule); }

    // Template variables ({var.NAME}).
    int variableCount() const { return int(m_variableNames.size()); }
    const std::string& variableName(int index) const { return m_variableNames[std::size_t(index)]; }

private:
    friend class RuleCompiler;
    CompiledRuleSet() = default;

    static int findName(const std::vector<std::string>& names, std::string_view name);

    RuleSet m_ruleSet;
    std::vector<QString> m_flagNames; ///< Bit -> name.
    std::vector<std::string> m_carrierNames;
    std::vector<bool> m_carrierTrusted;
    std::vector<IpMappingRewriter> m_fromCarrierMappings;
    std::vector<IpMappingRewriter> m_toCarrierMappings;
    CarrierClassifier m_classifier;
    std::vector<std::string> m_groupNames;
    std::vector<std::vector<CompiledDestination>> m_destinations;
    std::vector<std::string> m_cacheNames;
    std::vector<CompiledRoute> m_routes;
    int m_mainRoute = -1;
    std::vector<std::string> m_variableNames;
};

} // namespace tollgate
