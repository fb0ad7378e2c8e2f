#pragma once

#include "Diagnostic.h"

#include <QString>

namespace tollgate {

/// The path of a diagnostic, spelled out only when a diagnostic is reported. The JSON reader and
/// the validator visit every condition and action of a ruleset of up to 50,000 rules, almost all
/// of them fine, so they pass the path of each in this form instead of building every string up
/// front. Copying one costs a reference count (the parent path is implicitly shared).
class LazyPath
{
public:
    /// A path that is already spelled out.
    LazyPath(const QString& path) // NOLINT(google-explicit-constructor): a spelled-out path is a path
        : m_parent(path)
    {}

    /// `parent › segment(position)`, e.g. PathSegment::action and 2 for `... › action 2`.
    LazyPath(const QString& parent, QString (*segment)(int), int position)
        : m_parent(parent)
        , m_segment(segment)
        , m_position(position)
    {}

    QString toString() const { return m_segment ? joinPath(m_parent, m_segment(m_position)) : m_parent; }

private:
    QString m_parent;
    QString (*m_segment)(int) = nullptr;
    int m_position = 0;
};

} // namespace tollgate
