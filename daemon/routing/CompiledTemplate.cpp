#include "CompiledTemplate.h"

namespace tollgate {

bool CompiledTemplate::compile(const QString& text, const VariableResolver& resolveVariable, CompiledTemplate* result,
                               QString* error)
{
    Template parsed;
    if (!Template::parse(text, &parsed, error))
        return false;

    CompiledTemplate compiled;
    for (const Template::Segment& source : parsed.segments()) {
        Segment segment;
        segment.isLiteral = source.isLiteral;
        if (source.isLiteral) {
            segment.literal = source.literal;
            compiled.m_constantText += source.literal;
        } else {
            compiled.m_constant = false;
            segment.field = source.field;
            if (source.field == TemplateField::Header)
                segment.header = source.argument;
            else if (source.field == TemplateField::Variable)
                segment.variable = resolveVariable(source.argument);
        }
        compiled.m_segments.push_back(std::move(segment));
    }
    if (!compiled.m_constant)
        compiled.m_constantText.clear();
    *result = std::move(compiled);
    return true;
}

void CompiledTemplate::expandInto(const TemplateFieldSource& source, std::string* out) const
{
    if (m_constant) {
        out->append(m_constantText);
        return;
    }
    for (const Segment& segment : m_segments) {
        if (segment.isLiteral)
            out->append(segment.literal);
        else
            source.appendField(segment.field, segment.header, segment.variable, out);
    }
}

} // namespace tollgate
