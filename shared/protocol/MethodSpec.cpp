#include "MethodSpec.h"

namespace tollgate {

const ParamSpec* MethodSpec::param(const QString& paramName) const
{
    for (const ParamSpec& spec : params) {
        if (spec.name == paramName)
            return &spec;
    }
    return nullptr;
}

QStringList MethodSpec::paramNames() const
{
    QStringList names;
    names.reserve(params.size());
    for (const ParamSpec& spec : params)
        names << spec.name;
    return names;
}

} // namespace tollgate
