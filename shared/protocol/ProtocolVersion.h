#pragma once

namespace tollgate {

/// Version of the control protocol, reported by system.hello (docs/control-protocol.md).
///
/// The catalogue is append-only: adding a method, a topic, a notification, an optional
/// parameter or a result field keeps the version. It is raised only for a change an existing
/// client could break on (a removed or renamed method or field, a changed type or meaning).
inline constexpr int ControlProtocolVersion = 1;

/// The server name reported by system.hello.
inline constexpr char ControlServerName[] = "tollgated";

} // namespace tollgate
