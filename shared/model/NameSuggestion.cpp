#include "NameSuggestion.h"

#include <algorithm>
#include <vector>

namespace tollgate {

int editDistance(const QString& a, const QString& b)
{
    // Compare case-insensitively throughout: substitutions and transpositions alike.
    const QString foldedA = a.toCaseFolded();
    const QString foldedB = b.toCaseFolded();
    const qsizetype n = foldedA.size();
    const qsizetype m = foldedB.size();
    // Optimal string alignment distance: three rows are enough for transpositions.
    std::vector<int> previous2(std::size_t(m + 1)), previous(std::size_t(m + 1)), current(std::size_t(m + 1));
    for (qsizetype j = 0; j <= m; ++j)
        previous[std::size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = foldedA.at(i - 1) == foldedB.at(j - 1) ? 0 : 1;
            int best = std::min(
                {previous[std::size_t(j)] + 1, current[std::size_t(j - 1)] + 1, previous[std::size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && foldedA.at(i - 1) == foldedB.at(j - 2) && foldedA.at(i - 2) == foldedB.at(j - 1))
                best = std::min(best, previous2[std::size_t(j - 2)] + 1);
            current[std::size_t(j)] = best;
        }
        std::swap(previous2, previous);
        std::swap(previous, current);
    }
    return previous[std::size_t(m)];
}

QString suggestName(const QString& name, const QStringList& candidates)
{
    const int limit = std::min(3, std::max(1, int(name.size()) / 3));
    QString best;
    int bestDistance = limit + 1;
    for (const QString& candidate : candidates) {
        const int distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

} // namespace tollgate
