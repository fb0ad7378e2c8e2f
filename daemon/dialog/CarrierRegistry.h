#pragma once

#include "model/Carrier.h"

#include <QList>
#include <QString>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate {

/// Stable ids for carriers across rulesets, with their call limits. A compiled ruleset numbers
/// its carriers by position, which changes when one is added or removed; call counters and rate
/// buckets must survive that, so they are kept by these ids instead: a carrier keeps its id as
/// long as its name persists, ids are never reused, and a carrier removed from the ruleset keeps
/// its id (for the calls still counted against it) but is no longer current.
///
/// Not thread-safe: configured and read on the SIP thread.
class CarrierRegistry
{
public:
    /// The limits of a carrier; 0 means unlimited.
    struct Limits
    {
        int maxConcurrentCalls = 0;
        int maxCallsPerSecond = 0;
    };

    /// Takes the carriers of a new ruleset (in ruleset order).
    void configure(const QList<Carrier>& carriers);

    /// Number of ids ever handed out (valid ids are 0 .. count() - 1).
    int count() const { return int(m_entries.size()); }
    bool isValid(int id) const { return id >= 0 && id < count(); }
    /// Id of the carrier named `name` (current or not), or -1.
    int idOf(std::string_view name) const;
    /// Id of the carrier at `rulesetIndex` in the current ruleset (CompiledRuleSet::classify), or
    /// -1 for -1 or an index out of range.
    int idAt(int rulesetIndex) const;
    /// Name of carrier `id` (valid ids only).
    const std::string& name(int id) const { return m_entries[std::size_t(id)].name; }
    const Limits& limits(int id) const { return m_entries[std::size_t(id)].limits; }
    /// In the current ruleset.
    bool isCurrent(int id) const { return isValid(id) && m_entries[std::size_t(id)].current; }

private:
    struct Entry
    {
        std::string name;
        Limits limits;
        bool current = false;
    };

    std::vector<Entry> m_entries;
    std::unordered_map<std::string, int> m_ids;
    std::vector<int> m_idsByRulesetIndex;
};

} // namespace tollgate
