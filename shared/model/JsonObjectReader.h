#pragma once

#include "JsonReadProblems.h"
#include "LazyPath.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <limits>

namespace tollgate {

/// Reads the members of one JSON object of a ruleset document into typed values, reporting
/// every shape problem with its path (`route MAIN › rule "options" › enabled: expected a
/// boolean, got a string`): a missing required key, a wrong type, an integer out of range, and
/// at the end every key that no read asked for.
///
/// Each read returns true when the key was present with the right type and the value was
/// stored; false when it was absent (reported if required) or wrong (reported). On false the
/// output is left unchanged, so callers preset defaults.
class JsonObjectReader
{
public:
    enum class Presence
    {
        Required,
        Optional,
    };

    /// `path` is spelled out only when a problem is reported.
    JsonObjectReader(const QJsonObject& object, const LazyPath& path, JsonReadProblems* problems);

    QString path() const { return m_path.toString(); }
    /// Path of member `key`: the object's path joined with the key.
    QString memberPath(const QString& key) const;

    bool readString(const QString& key, Presence presence, QString* value);
    bool readBool(const QString& key, Presence presence, bool* value);
    bool readInt(const QString& key, Presence presence, int* value, int minimum = std::numeric_limits<int>::min(),
                 int maximum = std::numeric_limits<int>::max());
    bool readStringList(const QString& key, Presence presence, QStringList* value);
    bool readIntList(const QString& key, Presence presence, QList<int>* value);
    bool readArray(const QString& key, Presence presence, QJsonArray* value);
    bool readObject(const QString& key, Presence presence, QJsonObject* value);

    /// Reads a string that must be one of `names` (an enumeration such as a condition kind),
    /// reporting `unknown <noun> "x"` with a did-you-mean hint otherwise. Returns the index in
    /// `names`, or -1 when absent or invalid.
    int readEnum(const QString& key, Presence presence, const QStringList& names, const QString& noun);

    /// Declares `key` known without reading it (already read elsewhere).
    void markKnown(const QString& key);

    /// Reports each member that no read asked for: `unknown key "nmae"` with a did-you-mean
    /// hint, or the list of the keys `owner` (e.g. "a carrier") may have.
    void reportUnknownKeys(const QString& owner);

    /// "a string", "an integer", "a number", "a boolean", "an array", "an object" or "null".
    static QString describeType(const QJsonValue& value);
    /// Text of an integer-valued or other number for messages ("3000000000", "1.5").
    static QString numberText(double value);

private:
    /// The member, after checking presence; nullopt-like false when absent.
    bool lookup(const QString& key, Presence presence, QJsonValue* value);
    void reportType(const QString& key, const QString& expected, const QJsonValue& value);

    QJsonObject m_object;
    LazyPath m_path;
    JsonReadProblems* m_problems;
    QStringList m_knownKeys;
    qsizetype m_presentKnownKeys = 0; ///< Known keys the object has; all of them means no unknown key.
};

} // namespace tollgate
