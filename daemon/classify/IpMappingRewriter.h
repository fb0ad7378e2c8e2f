#pragma once

#include "model/Carrier.h"
#include "net/IpAddress.h"

#include <QList>
#include <QString>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tollgate {

/// Which way a carrier's IP mappings are applied.
enum class MappingDirection
{
    FromCarrier, ///< On what the carrier sends us: its private addresses become public ones.
    ToCarrier,   ///< On requests we send to the carrier: public addresses become private ones.
};

/// Rewrites the addresses a carrier presents in its signalling, as pure text functions over
/// the header values and body of one message: the host of SIP URIs (Contact, Record-Route,
/// Route, Request-URI), the `received` parameter of Via values, and the `c=` and `o=` lines of
/// an SDP body. Everything else is left byte for byte as it was. Each function returns how many
/// addresses it replaced. Immutable once built; safe to use from several threads.
class IpMappingRewriter
{
public:
    /// A rewriter with no mappings: it never changes anything.
    IpMappingRewriter() = default;

    /// Builds the rewriter for one carrier's `mappings` in `direction`. Fails, naming the
    /// mapping, when an address is not an IP literal. When two mappings have the same source
    /// address (in this direction), the first one wins.
    static bool build(const QList<IpMapping>& mappings, MappingDirection direction, IpMappingRewriter* result,
                      QString* error);

    MappingDirection direction() const { return m_direction; }
    bool isEmpty() const { return m_pairs.empty(); }

    /// The address `address` is rewritten to, or std::nullopt when no mapping applies.
    std::optional<IpAddress> map(const IpAddress& address) const;

    /// Rewrites the host of one SIP URI written bare (`sip:alice@10.0.0.5:5060;transport=tcp`).
    /// URIs with a hostname or an unmapped address, tel: URIs and unparsable text are left alone.
    int rewriteUri(std::string* uri) const;

    /// Rewrites the host of every URI in a header value made of name-addr or addr-spec elements,
    /// as in Contact, Record-Route and Route: `"Bob" <sip:bob@10.0.0.5>;expires=60, <sip:10.0.0.6;lr>`.
    int rewriteAddressList(std::string* headerValue) const;

    /// Rewrites the `received` parameter of every Via value in `headerValue` (one header line may
    /// hold several comma-separated values). The sent-by address is not touched.
    int rewriteViaReceived(std::string* headerValue) const;

    /// Rewrites the address of every `c=` line and of the `o=` line of an SDP body (any number
    /// of media sections; CRLF or LF line endings; IPv6 without brackets, as SDP writes it).
    /// When a mapping crosses address families the address type (IP4/IP6) is changed with it.
    int rewriteSdp(std::string* body) const;

private:
    /// One text replacement found while scanning: replace [offset, offset + length).
    struct Edit
    {
        std::size_t offset = 0;
        std::size_t length = 0;
        std::string replacement;
    };

    /// Appends the edit that rewrites the URI host inside `text` at [uriOffset, uriOffset + uriLength).
    bool findUriHostEdit(const std::string& text, std::size_t uriOffset, std::size_t uriLength,
                         std::vector<Edit>* edits) const;
    /// Appends the edits of one SDP line `line` starting at `offset` in the body.
    bool findSdpLineEdits(std::string_view line, std::size_t offset, std::vector<Edit>* edits) const;
    /// Applies `edits` (in increasing offset order, not overlapping) to `text`.
    static void applyEdits(std::string* text, const std::vector<Edit>& edits);

    MappingDirection m_direction = MappingDirection::FromCarrier;
    std::vector<std::pair<IpAddress, IpAddress>> m_pairs; ///< from -> to, in this direction
};

} // namespace tollgate
