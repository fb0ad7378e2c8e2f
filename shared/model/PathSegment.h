#pragma once

#include <QString>

namespace tollgate {

/// The segments of a place in a ruleset, spelled the same way by the JSON reader, the validator
/// and the diff, so that an operator can find `route MAIN › rule "options" › action 2` in the
/// console and in the document alike. Segments are joined with joinPath() (Diagnostic.h).
///
/// Named entities show their name (flags and routes bare, being UPPER_SNAKE_CASE; the others
/// quoted); an entity with no name yet shows its 1-based position instead. Positions are 1-based.
class PathSegment
{
public:
    static QString flag(const QString& name, int position);    ///< `flag INTERNALLY_SOURCED`
    static QString carrier(const QString& name, int position); ///< `carrier "acme"`
    static QString group(const QString& name, int position);   ///< `group "core"`
    static QString cache(const QString& name, int position);   ///< `cache "associations"`
    static QString route(const QString& name, int position);   ///< `route MAIN`
    static QString rule(const QString& name, int position);    ///< `rule "options"`
    static QString address(int position);                      ///< `address 1`
    static QString mapping(int position);                      ///< `mapping 1`
    static QString destination(int position);                  ///< `destination 1`
    static QString condition(int position);                    ///< `condition 1`
    static QString action(int position);                       ///< `action 1`
    static QString probe();                                    ///< `probe`
};

} // namespace tollgate
