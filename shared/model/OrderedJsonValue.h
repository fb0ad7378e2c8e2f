#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <vector>

namespace tollgate {

/// A JSON value whose object members keep the order they were inserted in, with a layout hint
/// for the canonical text form. QJsonObject sorts its keys alphabetically, so the canonical
/// ruleset document (docs/ruleset-format.md) is built as this tree and then either written as
/// text (toCanonicalText) or converted to Qt's JSON types (toJsonValue).
class OrderedJsonValue
{
public:
    enum class Type
    {
        Null,
        Bool,
        Integer,
        String,
        Array,
        Object,
    };

    /// How an array or object is written. Scalars are always written on one line.
    enum class Layout
    {
        Block,  ///< One element or member per line, indented by two spaces per level.
        Inline, ///< The whole value on one line: `{"kind": "method", "methods": ["OPTIONS"]}`.
    };

    OrderedJsonValue() = default; ///< null
    static OrderedJsonValue boolean(bool value);
    static OrderedJsonValue integer(qint64 value);
    static OrderedJsonValue string(const QString& value);
    static OrderedJsonValue array(Layout layout);
    static OrderedJsonValue object(Layout layout);

    Type type() const { return m_type; }
    Layout layout() const { return m_layout; }
    bool isObject() const { return m_type == Type::Object; }

    /// Appends an element to an array.
    void append(OrderedJsonValue element);
    /// Appends a member to an object; keys are not checked for uniqueness (the builder owns that).
    void insert(const QString& key, OrderedJsonValue value);

    /// Members of an object in insertion order (keys() and values() have the same length), or
    /// the elements of an array (values() only).
    const std::vector<QString>& keys() const { return m_keys; }
    const std::vector<OrderedJsonValue>& values() const { return m_values; }

    /// The same value as Qt JSON (object members then sorted by key, as QJsonObject does).
    QJsonValue toJsonValue() const;

    /// UTF-8 text of this value starting at indentation level 0, followed by a newline.
    QByteArray toCanonicalText() const;

    /// Appends `text` as a JSON string literal: quote, backslash and control characters (C0, DEL,
    /// C1) are escaped, everything else is written as UTF-8. An unpaired UTF-16 surrogate is
    /// written as a \uXXXX escape so that it reads back unchanged.
    static void appendStringLiteral(QByteArray* out, const QString& text);

private:
    void writeBlock(QByteArray* out, int indent) const;
    void writeInline(QByteArray* out) const;
    void writeScalar(QByteArray* out) const;

    Type m_type = Type::Null;
    Layout m_layout = Layout::Inline;
    bool m_bool = false;
    qint64 m_integer = 0;
    QString m_string;
    std::vector<QString> m_keys;
    std::vector<OrderedJsonValue> m_values;
};

} // namespace tollgate
