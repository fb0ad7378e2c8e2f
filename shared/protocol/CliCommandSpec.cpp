#include "CliCommandSpec.h"

namespace tollgate {

namespace {

QString argumentsText(const QList<CliArgumentSpec>& arguments)
{
    QStringList parts;
    for (const CliArgumentSpec& argument : arguments) {
        QString text = argument.valueName;
        if (argument.repeated)
            text += QStringLiteral("...");
        parts << (argument.optional ? QLatin1Char('[') + text + QLatin1Char(']') : text);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

QString CliCommandSpec::synopsis() const
{
    QStringList parts{noun, verb};
    if (!arguments.isEmpty())
        parts << argumentsText(arguments);
    bool optionalOptions = streaming;
    for (const CliOptionSpec& spec : options) {
        if (spec.required)
            parts << QStringLiteral("--%1 %2").arg(spec.name, spec.valueName);
        else
            optionalOptions = true;
    }
    if (optionalOptions)
        parts << QStringLiteral("[OPTIONS]");
    return parts.join(QLatin1Char(' '));
}

QString CliCommandSpec::usage() const
{
    QStringList parts{noun, verb};
    if (!arguments.isEmpty())
        parts << argumentsText(arguments);
    for (const CliOptionSpec& spec : options) {
        const QString text = QStringLiteral("--%1 %2").arg(spec.name, spec.valueName);
        parts << (spec.required ? text : QLatin1Char('[') + text + QLatin1Char(']'));
    }
    if (streaming)
        parts << QStringLiteral("[--count N]");
    return parts.join(QLatin1Char(' '));
}

const CliOptionSpec* CliCommandSpec::option(const QString& optionName) const
{
    for (const CliOptionSpec& spec : options) {
        if (spec.name == optionName)
            return &spec;
    }
    return nullptr;
}

} // namespace tollgate
