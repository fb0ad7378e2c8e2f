#pragma once

#include "TemplateFieldSource.h"
#include "model/Template.h"

#include <QString>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

/// A Template prepared for the data plane: variable names resolved to indices, literal text in
/// UTF-8, so that expanding it is a walk over a few segments that appends into a caller's
/// reusable buffer (no allocation once the buffer has grown).
class CompiledTemplate
{
public:
    /// Resolves a {var.NAME} name to the index the evaluation stores that variable under.
    using VariableResolver = std::function<int(std::string_view name)>;

    CompiledTemplate() = default;

    /// Parses `text` (Template::parse) and resolves its variables with `resolveVariable`.
    /// On a syntax error returns false with the parser's message in *error.
    static bool compile(const QString& text, const VariableResolver& resolveVariable, CompiledTemplate* result,
                        QString* error);

    /// Appends the expansion to `out` (which is not cleared first).
    void expandInto(const TemplateFieldSource& source, std::string* out) const;

    /// Clears `buffer` and expands into it; returns a view of the result.
    std::string_view expand(const TemplateFieldSource& source, std::string* buffer) const
    {
        buffer->clear();
        expandInto(source, buffer);
        return *buffer;
    }

    /// True when the template has no fields: its expansion is always constantText().
    bool isConstant() const { return m_constant; }
    const std::string& constantText() const { return m_constantText; }
    bool isEmpty() const { return m_segments.empty(); }

private:
    struct Segment
    {
        bool isLiteral = true;
        std::string literal; ///< Literal text (UTF-8).
        TemplateField field = TemplateField::CallId;
        std::string header; ///< Header name of a Header field.
        int variable = -1;  ///< Variable index of a Variable field.
    };

    std::vector<Segment> m_segments;
    bool m_constant = true;
    std::string m_constantText;
};

} // namespace tollgate
