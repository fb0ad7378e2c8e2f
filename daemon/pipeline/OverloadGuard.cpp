#include "OverloadGuard.h"

namespace tollgate {

void OverloadGuard::updateBacklog(std::uint32_t queuedBytes)
{
    if (m_shedding) {
        if (queuedBytes <= m_settings.recoveredBacklogBytes)
            m_shedding = false;
    } else if (queuedBytes >= m_settings.sheddingBacklogBytes) {
        m_shedding = true;
    }
}

bool OverloadGuard::admitNewCall(std::uint32_t pendingInvites) const
{
    return !m_shedding && pendingInvites < m_settings.maxPendingInvites;
}

} // namespace tollgate
