#pragma once

#include "model/Template.h"

#include <string>
#include <string_view>

namespace tollgate {

/// Supplies the values a CompiledTemplate inserts: the rule engine implements it over the
/// request being evaluated (with the rules' rewrites and loaded variables), tests over plain data.
class TemplateFieldSource
{
public:
    virtual ~TemplateFieldSource() = default;
    /// Appends the value of `field` to `out`. `header` is the header name of a Header field;
    /// `variable` the compiled index of a Variable field (-1 otherwise). Absent values append nothing.
    virtual void appendField(TemplateField field, std::string_view header, int variable, std::string* out) const = 0;
};

} // namespace tollgate
