#pragma once

#include "core/RandomSource.h"
#include "pipeline/RequestVerdict.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace tollgate {

class DestinationTable;

/// Orders the usable destinations of a group into the failover order of one new call or
/// request, by the group's algorithm:
///
/// - priority: ascending priority value, ties in configured order;
/// - round-robin: the usable destinations in configured order, rotated by one per selection;
/// - weighted: a weighted random first choice, then a weighted random order of the rest;
/// - call-id-hash: weighted rendezvous (highest-random-weight) hashing of (Call-ID, URI), so a
///   call always lands on the same destination and only the calls of a destination that becomes
///   unusable move (each to its own next best), the others keep theirs.
///
/// A preferred (sticky) URI that is a usable member of the group goes first. A Down destination
/// whose hold-down has elapsed (groups without probing, see DestinationTable) gets exactly one
/// trial call: the first selection that sees it puts it right after the preferred one and
/// claims it; later selections leave it out until the trial's outcome is known. Unusable
/// destinations are left out; the result is empty when nothing is usable.
///
/// The only state is the round-robin position of each group; randomness comes from the injected
/// RandomSource, so the order is deterministic in tests. Used on the SIP thread.
class DestinationSelector
{
public:
    /// The failover order for a new transaction to group `group` (a DestinationTable group id).
    /// `callId` feeds call-id-hash; `preferredUri` (may be empty) is a sticky destination.
    /// Claims the trial of a destination it returns for one (DestinationTable::beginTrial).
    std::vector<NextHop> select(int group, std::string_view callId, std::string_view preferredUri,
                                DestinationTable& table, RandomSource& random);

    /// The rendezvous score of `uri` for `callId` with `weight`: the destination with the
    /// highest score takes the call. Deterministic across processes and builds.
    static double rendezvousScore(std::string_view callId, std::string_view uri, int weight);

private:
    std::vector<int> orderByAlgorithm(int group, std::vector<int> candidates, std::string_view callId,
                                      const DestinationTable& table, RandomSource& random);

    std::vector<std::uint64_t> m_roundRobinPosition; ///< Per group id: selections made so far.
};

} // namespace tollgate
