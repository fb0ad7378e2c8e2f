#pragma once

#include <QString>
#include <cstdint>

namespace tollgate {

/// What Tollgate knows about whether a destination answers.
enum class DestinationHealth : std::uint8_t
{
    Unknown, ///< Not probed and not called yet; treated as usable.
    Up,      ///< Answers probes or calls.
    Down,    ///< Failed probes or calls; gets no new calls until it recovers.
};

/// What the operator decided about a destination, independently of its health.
enum class DestinationAdminState : std::uint8_t
{
    Enabled,  ///< Takes new calls when healthy.
    Draining, ///< Takes no new calls; becomes Disabled when its last call ends.
    Disabled, ///< Takes no calls.
};

/// "unknown", "up", "down": the spelling of the control protocol and the event log.
QString destinationHealthName(DestinationHealth health);

/// "enabled", "draining", "disabled": the spelling of the control protocol and of the persisted state.
QString destinationAdminStateName(DestinationAdminState state);

/// Parses a name written by destinationAdminStateName(); false (and *state untouched) otherwise.
bool parseDestinationAdminState(const QString& name, DestinationAdminState* state);

} // namespace tollgate
