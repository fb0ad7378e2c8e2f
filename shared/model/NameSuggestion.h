#pragma once

#include <QString>
#include <QStringList>

namespace tollgate {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between a and b.
int editDistance(const QString& a, const QString& b);

/// The candidate closest to `name`, for "did you mean X?" hints, or an empty string when no
/// candidate is close enough to be a plausible typo (distance above a third of the length, max 3).
QString suggestName(const QString& name, const QStringList& candidates);

} // namespace tollgate
