#include "DestinationSelector.h"

#include "DestinationTable.h"

#include <algorithm>
#include <cmath>

namespace tollgate {

namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL)
{
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

/// The splitmix64 finalizer: spreads FNV's weak low bits over the whole word.
std::uint64_t mix(std::uint64_t value)
{
    value ^= value >> 30;
    value *= 0xbf58476d1ce4e5b9ULL;
    value ^= value >> 27;
    value *= 0x94d049bb133111ebULL;
    value ^= value >> 31;
    return value;
}

} // namespace

double DestinationSelector::rendezvousScore(std::string_view callId, std::string_view uri, int weight)
{
    // A zero byte between the two keeps ("ab", "c") and ("a", "bc") apart.
    const std::uint64_t hash = mix(fnv1a(uri, fnv1a(std::string_view("\0", 1), fnv1a(callId))));
    // A uniform value in (0, 1); weight / -ln(u) makes each destination win in proportion to
    // its weight while keeping the rendezvous property (Schindelhauer and Schomaker's method).
    const double uniform = (double(hash >> 11) + 0.5) / 9007199254740992.0;
    return double(std::max(1, weight)) / -std::log(uniform);
}

std::vector<NextHop> DestinationSelector::select(int group, std::string_view callId, std::string_view preferredUri,
                                                 DestinationTable& table, RandomSource& random)
{
    std::vector<int> candidates;
    std::vector<int> trials;
    for (const int id : table.members(group)) {
        if (!table.isUsable(id) || table.isTrialRunning(id))
            continue;
        if (table.awaitsTrial(id))
            trials.push_back(id);
        else
            candidates.push_back(id);
    }

    int preferred = -1;
    if (!preferredUri.empty()) {
        for (const std::vector<int>* list : {&candidates, &trials}) {
            const auto found =
                std::find_if(list->begin(), list->end(), [&](int id) { return table.uri(id) == preferredUri; });
            if (found != list->end()) {
                preferred = *found;
                break;
            }
        }
    }
    // One trial call per selection; the preferred destination is the trial when it awaits one.
    int trial = -1;
    if (std::find(trials.begin(), trials.end(), preferred) != trials.end())
        trial = preferred;
    else if (!trials.empty())
        trial = trials.front();

    std::erase(candidates, preferred);
    const std::vector<int> ordered = orderByAlgorithm(group, std::move(candidates), callId, table, random);

    std::vector<NextHop> hops;
    hops.reserve(ordered.size() + 2);
    const auto append = [&](int id) { hops.push_back(NextHop{table.uri(id), id}); };
    if (preferred >= 0)
        append(preferred);
    if (trial >= 0) {
        if (trial != preferred)
            append(trial);
        table.beginTrial(trial);
    }
    for (const int id : ordered)
        append(id);
    return hops;
}

std::vector<int> DestinationSelector::orderByAlgorithm(int group, std::vector<int> candidates, std::string_view callId,
                                                       const DestinationTable& table, RandomSource& random)
{
    if (candidates.size() < 2)
        return candidates;
    switch (table.groupSettings(group).algorithm) {
    case GroupAlgorithm::PriorityFailover:
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](int a, int b) { return table.priority(a) < table.priority(b); });
        return candidates;

    case GroupAlgorithm::RoundRobin: {
        if (m_roundRobinPosition.size() <= std::size_t(group))
            m_roundRobinPosition.resize(std::size_t(group) + 1, 0);
        const std::size_t start = std::size_t(m_roundRobinPosition[std::size_t(group)]++ % candidates.size());
        std::rotate(candidates.begin(), candidates.begin() + std::ptrdiff_t(start), candidates.end());
        return candidates;
    }

    case GroupAlgorithm::Weighted: {
        std::vector<int> ordered;
        ordered.reserve(candidates.size());
        std::uint64_t total = 0;
        for (const int id : candidates)
            total += std::uint64_t(table.weight(id));
        while (!candidates.empty()) {
            std::uint64_t pick = random.below(total);
            auto chosen = candidates.begin();
            for (; chosen + 1 != candidates.end(); ++chosen) {
                const auto weight = std::uint64_t(table.weight(*chosen));
                if (pick < weight)
                    break;
                pick -= weight;
            }
            total -= std::uint64_t(table.weight(*chosen));
            ordered.push_back(*chosen);
            candidates.erase(chosen);
        }
        return ordered;
    }

    case GroupAlgorithm::CallIdHash: {
        std::vector<std::pair<double, int>> scored;
        scored.reserve(candidates.size());
        for (const int id : candidates)
            scored.emplace_back(rendezvousScore(callId, table.uri(id), table.weight(id)), id);
        std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < scored.size(); ++i)
            candidates[i] = scored[i].second;
        return candidates;
    }
    }
    return candidates;
}

} // namespace tollgate
