#pragma once

namespace tollgate {

/// tollgatectl's exit codes, for scripts.
enum class CtlExitCode : int
{
    Ok = 0,     ///< The command succeeded.
    Failed = 1, ///< Refused or failed: an error answer, an invalid ruleset, no daemon, permission denied.
    Usage = 2,  ///< The command line is wrong; nothing was sent.
};

} // namespace tollgate
