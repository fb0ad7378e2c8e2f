#include "OverloadGuard.h"

#include <algorithm>

namespace tollgate {

void OverloadGuard::updateBacklog(std::uint32_t queuedBytes)
{
    const std::int64_t start = m_settings.sheddingBacklogBytes;
    if (start <= 0 || std::int64_t(queuedBytes) <= start) {
        m_refusedPerMille = 0;
        m_admissionCredit = 0;
        return;
    }
    // 0 at the threshold, all at twice the threshold.
    m_refusedPerMille = std::min<std::int64_t>(1000, (std::int64_t(queuedBytes) - start) * 1000 / start);
}

bool OverloadGuard::admitNewCall(std::uint32_t pendingInvites)
{
    if (pendingInvites >= m_settings.maxPendingInvites)
        return false;
    if (m_refusedPerMille == 0)
        return true;
    m_admissionCredit += 1000 - m_refusedPerMille;
    if (m_admissionCredit < 1000)
        return false;
    m_admissionCredit -= 1000;
    return true;
}

} // namespace tollgate
