#include "DestinationGroup.h"

namespace tollgate {

QString groupAlgorithmName(GroupAlgorithm algorithm)
{
    switch (algorithm) {
    case GroupAlgorithm::PriorityFailover:
        return QStringLiteral("priority");
    case GroupAlgorithm::RoundRobin:
        return QStringLiteral("round-robin");
    case GroupAlgorithm::Weighted:
        return QStringLiteral("weighted");
    case GroupAlgorithm::CallIdHash:
        return QStringLiteral("call-id-hash");
    }
    return QStringLiteral("priority");
}

bool parseGroupAlgorithm(const QString& name, GroupAlgorithm* algorithm)
{
    for (GroupAlgorithm candidate : {GroupAlgorithm::PriorityFailover, GroupAlgorithm::RoundRobin,
                                     GroupAlgorithm::Weighted, GroupAlgorithm::CallIdHash}) {
        if (groupAlgorithmName(candidate) == name) {
            *algorithm = candidate;
            return true;
        }
    }
    return false;
}

} // namespace tollgate
