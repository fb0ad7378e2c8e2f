#include "RuleIndex.h"

#include "CompiledRule.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace tollgate {

namespace {

/// Transport keys: udp, tcp, tls, and "other" for anything else a context could carry.
constexpr std::array<Transport, 4> TransportKeys{Transport::Udp, Transport::Tcp, Transport::Tls, Transport::Any};

/// A class of sources that every carrier-related condition of a route sees alike.
struct SourceClass
{
    int carrier = -1; ///< A carrier index, -1 for no carrier, UnnamedCarrier for the others.
    bool isCarrier = false;
    bool trusted = false;
};

/// Stands for every carrier that no sourceCarrier condition of the route names.
constexpr int UnnamedCarrier = -2;

bool isSourceCondition(ConditionKind kind)
{
    return kind == ConditionKind::SourceCarrier || kind == ConditionKind::SourceAnyCarrier ||
           kind == ConditionKind::SourceTrusted;
}

bool methodConditionsHold(const CompiledRule& rule, std::string_view method, bool otherMethod)
{
    for (const CompiledCondition& condition : rule.conditions) {
        if (condition.kind != ConditionKind::Method)
            continue;
        const bool listed = !otherMethod && std::find(condition.methods.begin(), condition.methods.end(), method) !=
                                                condition.methods.end();
        if (listed == condition.negate)
            return false;
    }
    return true;
}

bool sourceConditionsHold(const CompiledRule& rule, const SourceClass& source)
{
    for (const CompiledCondition& condition : rule.conditions) {
        bool tested = false;
        switch (condition.kind) {
        case ConditionKind::SourceCarrier:
            tested = source.carrier == condition.carrier;
            break;
        case ConditionKind::SourceAnyCarrier:
            tested = source.isCarrier;
            break;
        case ConditionKind::SourceTrusted:
            tested = source.trusted;
            break;
        default:
            continue;
        }
        if (tested == condition.negate)
            return false;
    }
    return true;
}

bool transportConditionsHold(const CompiledRule& rule, Transport transport)
{
    for (const CompiledCondition& condition : rule.conditions) {
        if (condition.kind != ConditionKind::Transport)
            continue;
        const bool listed = (condition.transportMask >> int(transport)) & 1u;
        if (listed == condition.negate)
            return false;
    }
    return true;
}

/// The condition a rule is filed under in the user trie: a non-negated exact or prefix test of
/// ruri.user (an exact one when there is one, else the longest prefix), or nullptr.
const CompiledCondition* userIndexCondition(const CompiledRule& rule)
{
    const CompiledCondition* best = nullptr;
    for (const CompiledCondition& condition : rule.conditions) {
        if (condition.kind != ConditionKind::Match || condition.negate || condition.target.isHeader ||
            condition.target.uriField != UriField::RuriUser || condition.op == MatchOp::Regex)
            continue;
        if (!best || (condition.op == MatchOp::Exact && best->op != MatchOp::Exact) ||
            (condition.op == best->op && condition.value.size() > best->value.size()))
            best = &condition;
    }
    return best;
}

void setBit(std::uint64_t* row, int bit)
{
    row[bit / 64] |= std::uint64_t(1) << (bit % 64);
}

} // namespace

RuleIndex RuleIndex::build(const std::vector<CompiledRule>& rules, const std::vector<bool>& carrierTrusted)
{
    RuleIndex index;
    index.m_ruleCount = int(rules.size());
    index.m_wordCount = std::uint32_t((rules.size() + 63) / 64);

    std::vector<int> namedCarriers;
    for (const CompiledRule& rule : rules) {
        for (const CompiledCondition& condition : rule.conditions) {
            if (condition.kind == ConditionKind::Method) {
                for (const std::string& method : condition.methods) {
                    if (std::find(index.m_methods.begin(), index.m_methods.end(), method) == index.m_methods.end())
                        index.m_methods.push_back(method);
                }
            } else if (condition.kind == ConditionKind::SourceCarrier && condition.carrier >= 0 &&
                       std::find(namedCarriers.begin(), namedCarriers.end(), condition.carrier) ==
                           namedCarriers.end()) {
                namedCarriers.push_back(condition.carrier);
            }
        }
    }

    // Carriers no condition names are indistinguishable except for trust: they share two keys.
    std::vector<SourceClass> sourceClasses;
    index.m_carrierKey.assign(carrierTrusted.size(), 0);
    for (const int carrier : namedCarriers) {
        index.m_carrierKey[std::size_t(carrier)] = int(sourceClasses.size());
        sourceClasses.push_back(SourceClass{carrier, true, bool(carrierTrusted[std::size_t(carrier)])});
    }
    const int unnamedUntrustedKey = int(sourceClasses.size());
    sourceClasses.push_back(SourceClass{UnnamedCarrier, true, false});
    const int unnamedTrustedKey = int(sourceClasses.size());
    sourceClasses.push_back(SourceClass{UnnamedCarrier, true, true});
    index.m_noCarrierKey = int(sourceClasses.size());
    sourceClasses.push_back(SourceClass{-1, false, false});
    for (std::size_t carrier = 0; carrier < carrierTrusted.size(); ++carrier) {
        if (std::find(namedCarriers.begin(), namedCarriers.end(), int(carrier)) == namedCarriers.end())
            index.m_carrierKey[carrier] = carrierTrusted[carrier] ? unnamedTrustedKey : unnamedUntrustedKey;
    }

    const std::size_t methodRows = index.m_methods.size() + 1;
    index.m_carrierRowBase = methodRows;
    index.m_carrierFreeRow = index.m_carrierRowBase + sourceClasses.size();
    index.m_transportRowBase = index.m_carrierFreeRow + 1;
    index.m_unconditionedRow = index.m_transportRowBase + TransportKeys.size();
    index.m_rows.assign((index.m_unconditionedRow + 1) * index.m_wordCount, 0);
    const auto rowAt = [&index](std::size_t row) { return index.m_rows.data() + row * index.m_wordCount; };

    for (int ruleIndex = 0; ruleIndex < index.m_ruleCount; ++ruleIndex) {
        const CompiledRule& rule = rules[std::size_t(ruleIndex)];
        if (rule.enabled) {
            for (std::size_t method = 0; method < methodRows; ++method) {
                const bool other = method == index.m_methods.size();
                if (methodConditionsHold(rule, other ? std::string_view() : index.m_methods[method], other))
                    setBit(rowAt(method), ruleIndex);
            }
        }

        const CompiledCondition* namedCarrier = nullptr;
        bool hasSourceCondition = false;
        for (const CompiledCondition& condition : rule.conditions) {
            hasSourceCondition = hasSourceCondition || isSourceCondition(condition.kind);
            if (condition.kind == ConditionKind::SourceCarrier && !condition.negate)
                namedCarrier = &condition;
        }
        if (!hasSourceCondition) {
            setBit(rowAt(index.m_carrierFreeRow), ruleIndex);
        } else if (namedCarrier) {
            // Only that carrier's key can satisfy the rule (a carrier index out of range never does).
            if (namedCarrier->carrier >= 0) {
                const int key = index.m_carrierKey[std::size_t(namedCarrier->carrier)];
                if (sourceConditionsHold(rule, sourceClasses[std::size_t(key)]))
                    setBit(rowAt(index.m_carrierRowBase + std::size_t(key)), ruleIndex);
            }
        } else {
            for (std::size_t key = 0; key < sourceClasses.size(); ++key) {
                if (sourceConditionsHold(rule, sourceClasses[key]))
                    setBit(rowAt(index.m_carrierRowBase + key), ruleIndex);
            }
        }

        for (std::size_t transport = 0; transport < TransportKeys.size(); ++transport) {
            if (transportConditionsHold(rule, TransportKeys[transport]))
                setBit(rowAt(index.m_transportRowBase + transport), ruleIndex);
        }
    }

    std::vector<bool> indexedByUser;
    index.buildUserTrie(rules, &indexedByUser);
    for (int ruleIndex = 0; ruleIndex < index.m_ruleCount; ++ruleIndex) {
        if (!indexedByUser[std::size_t(ruleIndex)])
            setBit(rowAt(index.m_unconditionedRow), ruleIndex);
    }
    return index;
}

void RuleIndex::buildUserTrie(const std::vector<CompiledRule>& rules, std::vector<bool>* indexedByUser)
{
    struct BuildNode
    {
        std::vector<std::pair<unsigned char, int>> children;
        std::vector<int> prefixRules;
        std::vector<int> exactRules;
    };
    std::vector<BuildNode> nodes(1);
    indexedByUser->assign(rules.size(), false);
    for (std::size_t ruleIndex = 0; ruleIndex < rules.size(); ++ruleIndex) {
        const CompiledCondition* condition = userIndexCondition(rules[ruleIndex]);
        if (!condition)
            continue;
        (*indexedByUser)[ruleIndex] = true;
        int node = 0;
        for (const char c : condition->value) {
            const auto byte = static_cast<unsigned char>(c);
            auto& children = nodes[std::size_t(node)].children;
            const auto found = std::find_if(children.begin(), children.end(),
                                            [byte](const auto& child) { return child.first == byte; });
            if (found != children.end()) {
                node = found->second;
            } else {
                const int child = int(nodes.size());
                nodes[std::size_t(node)].children.emplace_back(byte, child);
                nodes.emplace_back();
                node = child;
            }
        }
        auto& list = condition->op == MatchOp::Exact ? nodes[std::size_t(node)].exactRules
                                                     : nodes[std::size_t(node)].prefixRules;
        list.push_back(int(ruleIndex));
    }

    // The union of the words [begin, end) of the pool and `ruleIndices`, appended to the pool.
    const auto appendUnion = [this](std::uint32_t begin, std::uint32_t end, const std::vector<int>& ruleIndices) {
        std::vector<SparseWord> merged(m_sparsePool.begin() + begin, m_sparsePool.begin() + end);
        for (const int rule : ruleIndices) {
            const auto word = std::uint32_t(rule / 64);
            const auto position =
                std::lower_bound(merged.begin(), merged.end(), word,
                                 [](const SparseWord& w, std::uint32_t value) { return w.word < value; });
            const std::uint64_t bit = std::uint64_t(1) << (rule % 64);
            if (position != merged.end() && position->word == word)
                position->bits |= bit;
            else
                merged.insert(position, SparseWord{word, bit});
        }
        const auto newBegin = std::uint32_t(m_sparsePool.size());
        m_sparsePool.insert(m_sparsePool.end(), merged.begin(), merged.end());
        return std::pair<std::uint32_t, std::uint32_t>(newBegin, std::uint32_t(m_sparsePool.size()));
    };

    // Breadth-first flattening: a node's children are contiguous and come after their parent,
    // so each node's cumulative sets can extend its parent's.
    std::vector<int> order{0};
    std::vector<std::uint32_t> parentOf{0};
    m_trie.assign(nodes.size(), TrieNode{});
    for (std::size_t position = 0; position < order.size(); ++position) {
        BuildNode& node = nodes[std::size_t(order[position])];
        std::sort(node.children.begin(), node.children.end());
        TrieNode& flat = m_trie[position];

        const TrieNode parent = position == 0 ? TrieNode{} : m_trie[parentOf[position]];
        std::tie(flat.prefixBegin, flat.prefixEnd) =
            node.prefixRules.empty() ? std::pair(parent.prefixBegin, parent.prefixEnd)
                                     : appendUnion(parent.prefixBegin, parent.prefixEnd, node.prefixRules);
        std::tie(flat.exactBegin, flat.exactEnd) = node.exactRules.empty()
                                                       ? std::pair(flat.prefixBegin, flat.prefixEnd)
                                                       : appendUnion(flat.prefixBegin, flat.prefixEnd, node.exactRules);

        flat.childBegin = std::uint32_t(m_edges.size());
        for (const auto& [byte, child] : node.children) {
            m_edges.push_back(TrieEdge{byte, std::uint32_t(order.size())});
            order.push_back(child);
            parentOf.push_back(std::uint32_t(position));
        }
        flat.childEnd = std::uint32_t(m_edges.size());
    }
}

RuleIndex::RequestKeys RuleIndex::keysFor(std::string_view method, int carrier, Transport transport) const
{
    std::size_t methodKey = m_methods.size();
    for (std::size_t i = 0; i < m_methods.size(); ++i) {
        if (m_methods[i] == method) {
            methodKey = i;
            break;
        }
    }
    const int carrierKey = carrier >= 0 && std::size_t(carrier) < m_carrierKey.size()
                               ? m_carrierKey[std::size_t(carrier)]
                               : m_noCarrierKey;
    std::size_t transportKey = TransportKeys.size() - 1;
    for (std::size_t i = 0; i + 1 < TransportKeys.size(); ++i) {
        if (TransportKeys[i] == transport)
            transportKey = i;
    }
    return RequestKeys{row(methodKey), row(m_carrierRowBase + std::size_t(carrierKey)),
                       row(m_transportRowBase + transportKey)};
}

RuleIndex::UserCandidates RuleIndex::lookupUser(std::string_view user) const
{
    if (m_trie.empty())
        return {};
    std::uint32_t node = 0;
    std::size_t consumed = 0;
    for (; consumed < user.size(); ++consumed) {
        const auto byte = static_cast<unsigned char>(user[consumed]);
        const TrieEdge* begin = m_edges.data() + m_trie[node].childBegin;
        const TrieEdge* end = m_edges.data() + m_trie[node].childEnd;
        const TrieEdge* edge =
            std::lower_bound(begin, end, byte, [](const TrieEdge& e, unsigned char value) { return e.byte < value; });
        if (edge == end || edge->byte != byte)
            break;
        node = edge->node;
    }
    const TrieNode& found = m_trie[node];
    const SparseWord* pool = m_sparsePool.data();
    if (consumed == user.size())
        return UserCandidates{pool + found.exactBegin, pool + found.exactEnd};
    return UserCandidates{pool + found.prefixBegin, pool + found.prefixEnd};
}

RuleIndex::Cursor RuleIndex::candidates(const RequestKeys& keys, const UserCandidates& user, int firstRule) const
{
    Cursor cursor;
    cursor.m_keys = keys;
    cursor.m_carrierFree = row(m_carrierFreeRow);
    cursor.m_unconditioned = row(m_unconditionedRow);
    cursor.m_extra = user.begin;
    cursor.m_extraEnd = user.end;
    cursor.m_wordCount = m_wordCount;
    if (firstRule >= m_ruleCount || m_wordCount == 0) {
        cursor.m_word = m_wordCount;
        cursor.m_bits = 0;
        return cursor;
    }
    const int first = std::max(firstRule, 0);
    cursor.m_word = std::uint32_t(first / 64);
    cursor.m_bits = cursor.wordAt(cursor.m_word) & (~std::uint64_t(0) << (first % 64));
    return cursor;
}

std::size_t RuleIndex::memoryBytes() const
{
    return sizeof(*this) + m_rows.capacity() * sizeof(std::uint64_t) + m_trie.capacity() * sizeof(TrieNode) +
           m_edges.capacity() * sizeof(TrieEdge) + m_sparsePool.capacity() * sizeof(SparseWord) +
           m_carrierKey.capacity() * sizeof(int) + m_methods.capacity() * sizeof(std::string);
}

} // namespace tollgate
