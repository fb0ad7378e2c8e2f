#pragma once

namespace tollgate {

/// How tollgatectl turns one command-line value into a parameter.
enum class CliValueKind
{
    Text,     ///< The argument itself, as a string.
    Integer,  ///< The argument, which must be a decimal integer.
    JsonFile, ///< The name of a file holding a JSON object; the object is the value.
    TextFile, ///< The name of a file; its UTF-8 text is the value.
};

} // namespace tollgate
