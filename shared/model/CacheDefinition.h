#pragma once

#include <QString>

namespace tollgate {

/// A named key -> value table with a time to live, filled and read by rules (the
/// `$sht(associations=>$ci)` of routing scripts, e.g. Call-ID -> chosen destination).
struct CacheDefinition
{
    QString name; ///< lower-kebab-case identifier, unique among caches.
    QString description;
    int ttlSeconds = 3600;    ///< Entries expire this long after they were last stored.
    int maxEntries = 100000;  ///< When full, the entry closest to expiry is evicted.

    bool operator==(const CacheDefinition&) const = default;
};

} // namespace tollgate
