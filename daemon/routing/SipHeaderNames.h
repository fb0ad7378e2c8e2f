#pragma once

#include <array>
#include <string_view>
#include <utility>

namespace tollgate {

/// SIP header names as RFC 3261 compares them: case-insensitively, with the compact one-letter
/// forms ("f" for From, "v" for Via, ...) standing for their full names. Header-only so that the
/// test doubles in tests/support can use it without linking the daemon library.
namespace sipheader {

/// The compact forms registered for SIP (RFC 3261 section 7.3.3 and later RFCs).
inline constexpr std::array<std::pair<char, std::string_view>, 20> CompactForms{{
    {'a', "Accept-Contact"},
    {'b', "Referred-By"},
    {'c', "Content-Type"},
    {'d', "Request-Disposition"},
    {'e', "Content-Encoding"},
    {'f', "From"},
    {'i', "Call-ID"},
    {'j', "Reject-Contact"},
    {'k', "Supported"},
    {'l', "Content-Length"},
    {'m', "Contact"},
    {'n', "Identity-Info"},
    {'o', "Event"},
    {'r', "Refer-To"},
    {'s', "Subject"},
    {'t', "To"},
    {'u', "Allow-Events"},
    {'v', "Via"},
    {'x', "Session-Expires"},
    {'y', "Identity"},
}};

constexpr char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (toLowerAscii(a[i]) != toLowerAscii(b[i]))
            return false;
    }
    return true;
}

/// The full name for a compact form ("f" -> "From", "V" -> "Via"); any other name unchanged.
constexpr std::string_view expandCompactForm(std::string_view name)
{
    if (name.size() != 1)
        return name;
    const char letter = toLowerAscii(name.front());
    for (const auto& [compact, full] : CompactForms) {
        if (compact == letter)
            return full;
    }
    return name;
}

/// True when `a` and `b` name the same header ("from", "From" and "f" are one header).
constexpr bool sameHeader(std::string_view a, std::string_view b)
{
    return equalsIgnoreCase(expandCompactForm(a), expandCompactForm(b));
}

} // namespace sipheader

} // namespace tollgate
