#include "CarrierRegistry.h"

#include <algorithm>

namespace tollgate {

void CarrierRegistry::configure(const QList<Carrier>& carriers)
{
    for (Entry& entry : m_entries)
        entry.current = false;
    m_idsByRulesetIndex.clear();
    m_idsByRulesetIndex.reserve(std::size_t(carriers.size()));
    for (const Carrier& carrier : carriers) {
        std::string name = carrier.name.toStdString();
        int id = -1;
        if (const auto found = m_ids.find(name); found != m_ids.end()) {
            id = found->second;
        } else {
            id = count();
            m_ids.emplace(name, id);
            m_entries.push_back(Entry{std::move(name), {}, false});
        }
        Entry& entry = m_entries[std::size_t(id)];
        entry.limits = Limits{std::max(0, carrier.maxConcurrentCalls), std::max(0, carrier.maxCallsPerSecond)};
        entry.current = true;
        m_idsByRulesetIndex.push_back(id);
    }
}

int CarrierRegistry::idOf(std::string_view name) const
{
    const auto found = m_ids.find(std::string(name));
    return found == m_ids.end() ? -1 : found->second;
}

int CarrierRegistry::idAt(int rulesetIndex) const
{
    if (rulesetIndex < 0 || rulesetIndex >= int(m_idsByRulesetIndex.size()))
        return -1;
    return m_idsByRulesetIndex[std::size_t(rulesetIndex)];
}

} // namespace tollgate
