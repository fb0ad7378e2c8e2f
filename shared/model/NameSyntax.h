#pragma once

#include <QString>

namespace tollgate {

/// The spelling rules of ruleset names (docs/ruleset-format.md): flags and routes are
/// UPPER_SNAKE_CASE, carriers, groups, caches and rules lower-kebab-case, cacheLoad variables
/// lower_snake_case; none is longer than MaxLength characters.
class NameSyntax
{
public:
    static constexpr int MaxLength = 64;

    /// `^[A-Z][A-Z0-9_]*$`, e.g. INTERNALLY_SOURCED. The length is not checked.
    static bool isUpperSnakeCase(const QString& name);
    /// `^[a-z0-9][a-z0-9-]*$`, e.g. demo-carrier. The length is not checked.
    static bool isLowerKebabCase(const QString& name);
    /// `^[a-z][a-z0-9_]*$`, e.g. chosen_destination. The length is not checked.
    static bool isLowerSnakeCase(const QString& name);

    /// The closest name of each style, for hints ("internally-sourced" -> "INTERNALLY_SOURCED"),
    /// or an empty string when no valid name can be derived.
    static QString toUpperSnakeCase(const QString& name);
    static QString toLowerKebabCase(const QString& name);
    static QString toLowerSnakeCase(const QString& name);
};

} // namespace tollgate
