#pragma once

#include "routing/RouteDecision.h"

#include <string>
#include <string_view>
#include <vector>

struct msg_s;
struct sip_s;
struct url_s;

namespace tollgate {

class LocalAddresses;

/// In-place edits of a sofia-sip request or response, as the proxy makes them before
/// forwarding. Every function works on the message it is given and its own memory home.
namespace SofiaMessageEditor {

/// Result of the Max-Forwards step of RFC 3261 16.6: forward (decremented or added) or reject.
enum class MaxForwardsResult
{
    Forward,
    TooManyHops, ///< Max-Forwards was 0: answer 483.
};
MaxForwardsResult decrementMaxForwards(msg_s* message, sip_s* sip);

/// Removes the Route entries at the top that point at us; returns how many were removed. When
/// `mappingCarrier` is given it receives the `tgm` parameter of our Route (the carrier whose IP
/// mappings the call uses), or stays empty.
int popOwnRoutes(msg_s* message, sip_s* sip, const LocalAddresses& local, std::string* mappingCarrier = nullptr);

/// The Record-Route URI parameter that carries the mapping carrier through a dialog.
inline constexpr char MappingCarrierParameter[] = "tgm";

/// Adds our Record-Route URIs on top (one, or two when the request changes transport or
/// address family: the first is the inbound side, the second the outbound side).
bool addRecordRoute(msg_s* message, sip_s* sip, const std::string& inboundUri, const std::string& outboundUri);

/// Replaces the Request-URI. False (message unchanged) when `uri` does not parse.
bool setRequestUri(msg_s* message, sip_s* sip, std::string_view uri);

/// Applies the rules' header additions and removals in order. Returns how many failed to apply
/// (see addHeader); removing a header the message does not have is no failure.
int applyHeaderEdits(msg_s* message, sip_s* sip, const std::vector<HeaderEdit>& edits);

/// Adds `Name: value` among the headers of a message, ahead of any body (a header that may
/// appear only once, such as Max-Forwards, is replaced). False, message unchanged, when the
/// name is not a token, the value holds a line break, or sofia-sip cannot parse the value as
/// that header.
bool addHeader(msg_s* message, sip_s* sip, std::string_view name, std::string_view value);

/// Where a request goes when no next hop is given: its first Route URI, or its Request-URI.
std::string nextHopUri(const sip_s* sip);

/// The whole message as sent on the wire (serialising it first).
std::string toText(msg_s* message);

/// The transport named by a URI's transport parameter ("udp" when absent), and whether its
/// host is an IPv6 literal; used to decide on double Record-Route.
struct UriTransport
{
    std::string transport = "udp";
    bool ipv6 = false;
};
UriTransport transportOfUri(std::string_view uri);

} // namespace SofiaMessageEditor

} // namespace tollgate
