#pragma once

#include "CommandLine.h"

namespace tollgate {

/// `tollgated` as an offline tool on its database (like `kamailio -c`): check, import, export,
/// revisions, rollback, diff and dry runs. Results go to stdout, problems to stderr.
class OfflineCommands
{
public:
    /// Exit status: 0 done, 1 refused or failed.
    static int run(const CommandLine& command);

    /// The Unix user running the process: the author of offline changes.
    static QString currentUser();
};

} // namespace tollgate
