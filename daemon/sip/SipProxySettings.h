#pragma once

#include "pipeline/OverloadGuard.h"

#include <string>
#include <vector>

namespace tollgate {

/// How the SIP adapter listens and what limits it applies; from the config file and flags.
struct SipProxySettings
{
    /// One URI per transport and address, e.g. "sip:127.0.0.1:5060;transport=udp". A bare
    /// "sip:HOST:PORT" listens on UDP and TCP. Comma lists of transports are refused (they crash
    /// this sofia-sip build).
    std::vector<std::string> listen;
    int udpBufferBytes = 8 * 1024 * 1024; ///< SO_RCVBUF/SO_SNDBUF of the UDP sockets.
    int maxMessageBytes = 65536;          ///< Larger messages get 413 (stream) or are dropped.
    int sipT1Ms = 500;
    int timerCMs = 185000;            ///< Maximum wait for a final answer after a provisional.
    int inDialogTimeoutMs = 32000;    ///< Maximum wait for the answer to an in-dialog request.
    bool logMessages = false;         ///< Print every SIP message sent and received (TPORT_LOG).
    OverloadGuard::Settings overload;
};

} // namespace tollgate
