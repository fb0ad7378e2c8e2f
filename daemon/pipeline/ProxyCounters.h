#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace tollgate {

/// Counters of the SIP data plane. Written by the SIP thread, read by the control thread:
/// relaxed atomics, since each counter is independent and only needs to be eventually exact.
struct ProxyCounters
{
    using Counter = std::atomic<std::uint64_t>;

    Counter requestsReceived{0};
    Counter responsesReceived{0};
    Counter initialRequests{0};
    Counter inDialogRequests{0};
    Counter requestsRelayed{0};
    Counter requestsRepliedLocally{0};
    Counter requestsDropped{0};       ///< Drop actions and requests that cannot be answered.
    Counter malformedDropped{0};      ///< Garbage and requests without a usable Via.
    Counter tooManyHops{0};           ///< 483
    Counter loopsDetected{0};         ///< 482
    Counter overloadRejected{0};      ///< 503 from the overload guard
    Counter failovers{0};             ///< Times a transaction moved on to another destination
    Counter finalReplyTimeouts{0};
    Counter strayResponsesForwarded{0};
    Counter strayResponsesDropped{0};
    Counter lateAnswersReleased{0};   ///< Late 2xx from abandoned branches, ACKed and BYEd
    Counter internalErrors{0};
    /// Final responses sent upstream (relayed or local), by class: index 1..6 for 1xx..6xx.
    std::array<Counter, 7> responsesByClass{};

    void countResponse(int status)
    {
        const int index = status / 100;
        if (index >= 1 && index <= 6)
            responsesByClass[std::size_t(index)].fetch_add(1, std::memory_order_relaxed);
    }
};

/// Increments a counter (relaxed).
inline void bump(ProxyCounters::Counter& counter, std::uint64_t by = 1)
{
    counter.fetch_add(by, std::memory_order_relaxed);
}

} // namespace tollgate
