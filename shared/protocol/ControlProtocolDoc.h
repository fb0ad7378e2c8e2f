#pragma once

#include "ControlCatalogue.h"

#include <QByteArray>

namespace tollgate {

/// Renders the control protocol's reference, docs/control-protocol.md, from the catalogue, so
/// that the document cannot drift from what the daemon and tollgatectl implement: a test
/// compares the file with markdown(), and `tollgate-protocol-doc` regenerates it.
class ControlProtocolDoc
{
public:
    /// The whole document, UTF-8, ending with one newline. Deterministic.
    static QByteArray markdown(const ControlCatalogue& catalogue);

    /// Where the generated document lives in the source tree, and how to regenerate it (for the
    /// drift test's failure message).
    static constexpr char SourcePath[] = "docs/control-protocol.md";
    static constexpr char RegenerateCommand[] = "<build>/cli/tollgate-protocol-doc > docs/control-protocol.md";
};

} // namespace tollgate
