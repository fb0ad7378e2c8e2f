#pragma once

#include "Diagnostic.h"

namespace tollgate {

/// The problems found while reading one ruleset document, each with its path. The list is
/// capped at `limit` entries so that a huge broken document cannot produce an unbounded report;
/// diagnostics() then ends with a note saying how many more were found.
class JsonReadProblems
{
public:
    explicit JsonReadProblems(int limit)
        : m_limit(limit)
    {}

    void add(const QString& path, const QString& message, const QString& hint = {});
    bool isEmpty() const { return m_problems.isEmpty(); }
    Diagnostics diagnostics() const;

private:
    int m_limit;
    Diagnostics m_problems;
    int m_omitted = 0;
};

} // namespace tollgate
