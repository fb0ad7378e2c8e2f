#pragma once

struct msg_s;
struct sip_s;

namespace tollgate {

class IpMappingRewriter;

/// Applies a carrier's IP mappings (IpMappingRewriter, pure text functions) to the headers and
/// body of a sofia-sip message. Each function returns how many addresses it replaced.
namespace SofiaCarrierMapping {

/// On a request or response the carrier sent us: its private addresses in Contact,
/// Record-Route and the SDP (c=, o=) become the public ones (FromCarrier rewriter).
int applyFromCarrier(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter);

/// On a request we send to the carrier: the public addresses in the Request-URI and the Route
/// set go back to the private ones it presented (ToCarrier rewriter).
int applyToCarrierRequest(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter);

/// On a response we send to the carrier: the `received` parameter of its Via (the top one once
/// ours is removed) goes back to the private address (ToCarrier rewriter).
int applyToCarrierResponse(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter);

} // namespace SofiaCarrierMapping

} // namespace tollgate
