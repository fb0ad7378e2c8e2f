#pragma once

#include "MethodSpec.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace tollgate {

/// Checks a request's `params` against a method's ParamSpecs before any handler sees them, so
/// that handlers can rely on names, types and ranges. Messages name the method and the
/// parameter: `calls.list: parameter 'limit' must be between 1 and 10000, got 0`.
class ParamsChecker
{
public:
    /// Checks `params` (Undefined or Null when the request had none) for `method`. On success
    /// returns true and sets `*normalized` to the parameters with the defaults of absent optional
    /// ones filled in (an optional parameter given as null counts as absent). On failure returns
    /// false and sets `*error`: params not an object (by-position params are not supported), a
    /// missing required parameter, an unknown one (with a did-you-mean), a wrong type, an integer
    /// out of range, a value not allowed, an empty value where one is needed.
    static bool check(const MethodSpec& method, const QJsonValue& params, QJsonObject* normalized, QString* error);

    /// "a string", "an array", "null": how a received value is named in error messages.
    static QString describeJsonType(const QJsonValue& value);

private:
    static bool checkValue(const MethodSpec& method, const ParamSpec& spec, const QJsonValue& value, QString* error);
    static bool checkAllowed(const MethodSpec& method, const ParamSpec& spec, const QString& value, QString* error);
};

} // namespace tollgate
