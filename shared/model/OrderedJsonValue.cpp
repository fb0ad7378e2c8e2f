#include "OrderedJsonValue.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tollgate {

namespace {

constexpr int IndentStep = 2;

void appendIndent(QByteArray* out, int indent)
{
    out->append(indent, ' ');
}

char* writeUnicodeEscape(char* out, char16_t unit)
{
    static constexpr char HexDigits[] = "0123456789abcdef";
    *out++ = '\\';
    *out++ = 'u';
    for (int shift = 12; shift >= 0; shift -= 4)
        *out++ = HexDigits[(unit >> shift) & 0xF];
    return out;
}

char* writeUtf8(char* out, char32_t codePoint)
{
    if (codePoint < 0x80) {
        *out++ = char(codePoint);
    } else if (codePoint < 0x800) {
        *out++ = char(0xC0 | (codePoint >> 6));
        *out++ = char(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        *out++ = char(0xE0 | (codePoint >> 12));
        *out++ = char(0x80 | ((codePoint >> 6) & 0x3F));
        *out++ = char(0x80 | (codePoint & 0x3F));
    } else {
        *out++ = char(0xF0 | (codePoint >> 18));
        *out++ = char(0x80 | ((codePoint >> 12) & 0x3F));
        *out++ = char(0x80 | ((codePoint >> 6) & 0x3F));
        *out++ = char(0x80 | (codePoint & 0x3F));
    }
    return out;
}

/// The two-character escape of `unit` ('n' for a newline), or 0 when it has none.
char shortEscape(char16_t unit)
{
    switch (unit) {
    case u'"':
        return '"';
    case u'\\':
        return '\\';
    case u'\b':
        return 'b';
    case u'\f':
        return 'f';
    case u'\n':
        return 'n';
    case u'\r':
        return 'r';
    case u'\t':
        return 't';
    default:
        return 0;
    }
}

} // namespace

OrderedJsonValue OrderedJsonValue::boolean(bool value)
{
    OrderedJsonValue result;
    result.m_type = Type::Bool;
    result.m_bool = value;
    return result;
}

OrderedJsonValue OrderedJsonValue::integer(qint64 value)
{
    OrderedJsonValue result;
    result.m_type = Type::Integer;
    result.m_integer = value;
    return result;
}

OrderedJsonValue OrderedJsonValue::string(const QString& value)
{
    OrderedJsonValue result;
    result.m_type = Type::String;
    result.m_string = value;
    return result;
}

OrderedJsonValue OrderedJsonValue::array(Layout layout)
{
    OrderedJsonValue result;
    result.m_type = Type::Array;
    result.m_layout = layout;
    return result;
}

OrderedJsonValue OrderedJsonValue::object(Layout layout)
{
    OrderedJsonValue result;
    result.m_type = Type::Object;
    result.m_layout = layout;
    return result;
}

void OrderedJsonValue::append(OrderedJsonValue element)
{
    Q_ASSERT(m_type == Type::Array);
    m_values.push_back(std::move(element));
}

void OrderedJsonValue::insert(const QString& key, OrderedJsonValue value)
{
    Q_ASSERT(m_type == Type::Object);
    m_keys.push_back(key);
    m_values.push_back(std::move(value));
}

QJsonValue OrderedJsonValue::toJsonValue() const
{
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Integer:
        return QJsonValue(m_integer);
    case Type::String:
        return QJsonValue(m_string);
    case Type::Array: {
        QJsonArray array;
        for (const OrderedJsonValue& element : m_values)
            array.append(element.toJsonValue());
        return array;
    }
    case Type::Object: {
        QJsonObject object;
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            object.insert(m_keys[i], m_values[i].toJsonValue());
        return object;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

QByteArray OrderedJsonValue::toCanonicalText() const
{
    QByteArray out;
    writeBlock(&out, 0);
    out.append('\n');
    return out;
}

void OrderedJsonValue::appendStringLiteral(QByteArray* out, const QString& text)
{
    // Written through a pointer into a buffer sized for the worst case (a six-byte \uXXXX per
    // UTF-16 unit), then trimmed: a large ruleset holds megabytes of strings.
    const qsizetype start = out->size();
    out->resize(start + 6 * text.size() + 2);
    char* const begin = out->data();
    char* cursor = begin + start;
    *cursor++ = '"';
    const qsizetype length = text.size();
    for (qsizetype i = 0; i < length; ++i) {
        const char16_t unit = text.at(i).unicode();
        if (const char escape = shortEscape(unit)) {
            *cursor++ = '\\';
            *cursor++ = escape;
        } else if (unit < 0x20 || (unit >= 0x7F && unit <= 0x9F)) {
            // C0 controls must be escaped; DEL and the C1 controls may stay raw in JSON but are
            // invisible in editors and diffs, so they are escaped too.
            cursor = writeUnicodeEscape(cursor, unit);
        } else if (QChar::isHighSurrogate(unit) && i + 1 < length && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            cursor = writeUtf8(cursor, QChar::surrogateToUcs4(unit, text.at(i + 1).unicode()));
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            // Unpaired: not representable in UTF-8, but JSON can carry it as an escape.
            cursor = writeUnicodeEscape(cursor, unit);
        } else {
            cursor = writeUtf8(cursor, unit);
        }
    }
    *cursor++ = '"';
    out->resize(cursor - begin);
}

void OrderedJsonValue::writeScalar(QByteArray* out) const
{
    switch (m_type) {
    case Type::Null:
        out->append("null");
        break;
    case Type::Bool:
        out->append(m_bool ? "true" : "false");
        break;
    case Type::Integer:
        out->append(QByteArray::number(m_integer));
        break;
    case Type::String:
        appendStringLiteral(out, m_string);
        break;
    case Type::Array:
    case Type::Object:
        Q_ASSERT_X(false, "OrderedJsonValue::writeScalar", "not a scalar");
        break;
    }
}

void OrderedJsonValue::writeInline(QByteArray* out) const
{
    if (m_type == Type::Array) {
        out->append('[');
        for (std::size_t i = 0; i < m_values.size(); ++i) {
            if (i > 0)
                out->append(", ");
            m_values[i].writeInline(out);
        }
        out->append(']');
    } else if (m_type == Type::Object) {
        out->append('{');
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            if (i > 0)
                out->append(", ");
            appendStringLiteral(out, m_keys[i]);
            out->append(": ");
            m_values[i].writeInline(out);
        }
        out->append('}');
    } else {
        writeScalar(out);
    }
}

void OrderedJsonValue::writeBlock(QByteArray* out, int indent) const
{
    const bool container = m_type == Type::Array || m_type == Type::Object;
    if (!container || m_layout == Layout::Inline || m_values.empty()) {
        writeInline(out);
        return;
    }
    const bool isArray = m_type == Type::Array;
    out->append(isArray ? "[\n" : "{\n");
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        appendIndent(out, indent + IndentStep);
        if (!isArray) {
            appendStringLiteral(out, m_keys[i]);
            out->append(": ");
        }
        m_values[i].writeBlock(out, indent + IndentStep);
        out->append(i + 1 < m_values.size() ? ",\n" : "\n");
    }
    appendIndent(out, indent);
    out->append(isArray ? ']' : '}');
}

} // namespace tollgate
