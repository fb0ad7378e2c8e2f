// Prints the control protocol reference generated from the catalogue; see ControlProtocolDoc.
#include "protocol/ControlCatalogue.h"
#include "protocol/ControlProtocolDoc.h"

#include <cstdio>

int main()
{
    const QByteArray markdown = tollgate::ControlProtocolDoc::markdown(tollgate::ControlCatalogue::instance());
    const std::size_t written = std::fwrite(markdown.constData(), 1, std::size_t(markdown.size()), stdout);
    return written == std::size_t(markdown.size()) && std::fflush(stdout) == 0 ? 0 : 1;
}
