#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

namespace tollgate {

/// JSON type of a control-method parameter, as checked by ParamsChecker.
enum class ParamType
{
    String,      ///< A JSON string.
    Integer,     ///< A JSON number without a fractional part, within +-2^53.
    Boolean,     ///< true or false.
    Object,      ///< A JSON object (a ruleset).
    StringArray, ///< A JSON array whose items are all strings.
};

/// The name of `type` in documentation and error messages ("string", "array of strings").
QString paramTypeName(ParamType type);

/// One named parameter of a control method. Parameters are always passed by name.
struct ParamSpec
{
    QString name;
    ParamType type = ParamType::String;
    bool required = false;
    QString doc;
    /// A String (or every StringArray item) must be one of these; empty means any value.
    QStringList allowedValues;
    std::optional<qint64> minimum; ///< Integer lower bound, inclusive.
    std::optional<qint64> maximum; ///< Integer upper bound, inclusive.
    bool nonEmpty = false;         ///< A String or StringArray must not be empty.
    /// Filled into the params handed to the handler when an optional parameter is absent or null;
    /// Undefined means the parameter stays absent.
    QJsonValue defaultValue{QJsonValue::Undefined};

    /// The constraints for documentation: "1..10000; default 100", "one of: udp, tcp, tls".
    QString constraintText() const;
    /// `doc` with the constraints worked in: "At most this many calls (1..10000; default 100)."
    QString documentation() const;
};

} // namespace tollgate
