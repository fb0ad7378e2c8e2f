#pragma once

#include "model/Transport.h"

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

struct CompiledRule;

/// The candidate index of one route: a conservative filter that lets the engine skip, without
/// looking at them, the rules that cannot match a request. It is what makes a 1,000-rule route
/// cost a few candidate evaluations instead of a linear scan.
///
/// For each static dimension of a request (method, classified carrier, transport) the index
/// holds, per key, a bitset of the rules whose conditions on that dimension hold for that key;
/// for the Request-URI user it holds a byte trie of the rules' non-negated exact/prefix
/// `ruri.user` conditions. A request's candidates are the AND of its bitsets, walked in rule
/// order. Disabled rules are never candidates. Every rule whose conditions hold is a candidate;
/// a candidate still has all its conditions evaluated.
class RuleIndex
{
public:
    /// Bits of the user dimension that are not in the dense "unconditioned" bitset, one 64-rule
    /// word at a time, sorted by word.
    struct SparseWord
    {
        std::uint32_t word = 0;
        std::uint64_t bits = 0;
    };

    /// The candidate rules of one Request-URI user (a range of sparse words).
    struct UserCandidates
    {
        const SparseWord* begin = nullptr;
        const SparseWord* end = nullptr;
    };

    /// The bitsets a request selects in the static dimensions.
    struct RequestKeys
    {
        const std::uint64_t* method = nullptr;
        const std::uint64_t* carrier = nullptr;
        const std::uint64_t* transport = nullptr;
    };

    /// Walks the candidate rules in increasing order.
    class Cursor
    {
    public:
        /// The next candidate rule index, or -1 when there is none.
        int next()
        {
            while (m_bits == 0) {
                if (++m_word >= m_wordCount)
                    return -1;
                m_bits = wordAt(m_word);
            }
            const int bit = std::countr_zero(m_bits);
            m_bits &= m_bits - 1;
            return int(m_word * 64 + std::uint32_t(bit));
        }

    private:
        friend class RuleIndex;
        std::uint64_t wordAt(std::uint32_t word)
        {
            while (m_extra != m_extraEnd && m_extra->word < word)
                ++m_extra;
            const std::uint64_t extra = (m_extra != m_extraEnd && m_extra->word == word) ? m_extra->bits : 0;
            return m_keys.method[word] & (m_keys.carrier[word] | m_carrierFree[word]) & m_keys.transport[word] &
                   (m_unconditioned[word] | extra);
        }

        RequestKeys m_keys;
        const std::uint64_t* m_carrierFree = nullptr;
        const std::uint64_t* m_unconditioned = nullptr;
        const SparseWord* m_extra = nullptr;
        const SparseWord* m_extraEnd = nullptr;
        std::uint32_t m_wordCount = 0;
        std::uint32_t m_word = 0;
        std::uint64_t m_bits = 0;
    };

    RuleIndex() = default;

    /// Builds the index of a route's compiled `rules`; `carrierTrusted[i]` tells whether carrier
    /// i is trusted (sourceTrusted conditions).
    static RuleIndex build(const std::vector<CompiledRule>& rules, const std::vector<bool>& carrierTrusted);

    /// The bitsets of a request with `method`, classified as `carrier` (-1: none), over `transport`.
    RequestKeys keysFor(std::string_view method, int carrier, Transport transport) const;

    /// The user-dimension candidates for Request-URI user `user`.
    UserCandidates lookupUser(std::string_view user) const;

    /// A cursor over the candidates from rule `firstRule` on.
    Cursor candidates(const RequestKeys& keys, const UserCandidates& user, int firstRule) const;

    int ruleCount() const { return m_ruleCount; }
    /// Bytes held by the index, for the benchmark and the daemon's status.
    std::size_t memoryBytes() const;

private:
    /// A node of the user trie; its children are the edges [childBegin, childEnd).
    struct TrieNode
    {
        std::uint32_t childBegin = 0;
        std::uint32_t childEnd = 0;
        std::uint32_t prefixBegin = 0; ///< Rules whose prefix is this node's path or shorter.
        std::uint32_t prefixEnd = 0;
        std::uint32_t exactBegin = 0; ///< The above plus the rules whose exact value ends here.
        std::uint32_t exactEnd = 0;
    };

    struct TrieEdge
    {
        unsigned char byte = 0;
        std::uint32_t node = 0;
    };

    const std::uint64_t* row(std::size_t index) const { return m_rows.data() + index * m_wordCount; }
    void buildUserTrie(const std::vector<CompiledRule>& rules, std::vector<bool>* indexedByUser);

    int m_ruleCount = 0;
    std::uint32_t m_wordCount = 0;
    /// Dense bitsets, m_wordCount words each: method keys, then "other method"; carrier keys
    /// (rules with a source condition that holds for the key), then the rules with no source
    /// condition at all; transports (udp, tcp, tls, other); the rules without an indexed user
    /// condition.
    std::vector<std::uint64_t> m_rows;
    std::vector<std::string> m_methods; ///< Methods named by the route's rules, key = position.
    std::size_t m_carrierRowBase = 0;
    std::vector<int> m_carrierKey; ///< Carrier index -> carrier key.
    int m_noCarrierKey = 0;
    std::size_t m_carrierFreeRow = 0;
    std::size_t m_transportRowBase = 0;
    std::size_t m_unconditionedRow = 0;
    std::vector<TrieNode> m_trie;
    std::vector<TrieEdge> m_edges;
    std::vector<SparseWord> m_sparsePool;
};

} // namespace tollgate
