#pragma once

#include <mutex>

namespace tollgate {

class ControlSession;

/// What a ControlResponder holds to reach its session: the session clears `session` (under the
/// mutex) when it is destroyed, so that a responder outliving it, on any thread, is harmless.
struct ControlSessionLink
{
    std::mutex mutex;
    ControlSession* session = nullptr;
};

} // namespace tollgate
