#pragma once

#include "CacheReader.h"
#include "CompiledRuleSet.h"
#include "RequestContext.h"
#include "RouteDecision.h"
#include "SipRequestView.h"
#include "TemplateFieldSource.h"
#include "net/SipUri.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

/// The request as the rules of one evaluation see it: the original message plus what earlier
/// actions changed (the Request-URI, added and removed headers, cache writes not yet applied,
/// variables loaded from caches). Conditions and templates read through it. Internal to the
/// rule engine; one per evaluation, on the evaluating thread's stack.
class EvaluationState final : public TemplateFieldSource
{
public:
    EvaluationState(const CompiledRuleSet& ruleSet, const SipRequestView& request, const RequestContext& context,
                    const CacheReader& caches, RouteDecision* decision);

    const CompiledRuleSet& ruleSet() const { return m_ruleSet; }
    const SipRequestView& request() const { return m_request; }
    const RequestContext& context() const { return m_context; }
    RouteDecision& decision() { return *m_decision; }
    /// The classified carrier, or -1 (also for an index the ruleset does not know).
    int carrier() const { return m_carrier; }

    /// The current Request-URI (rewritten or original).
    std::string_view requestUri() const;
    /// A URI field; Request-URI fields reflect rewrites.
    std::string_view uriField(UriField field) const;
    /// Incremented by every Request-URI rewrite (the engine refreshes its candidates on change).
    unsigned requestUriVersion() const { return m_requestUriVersion; }
    /// Replaces `part` of the Request-URI with `value`. Fails, leaving the URI unchanged, when
    /// the result is not a valid SIP URI; *error then says why.
    bool rewriteRequestUri(UriPart part, std::string_view value, std::string* error);
    /// The rewritten Request-URI, or std::nullopt when no rule changed it.
    std::optional<std::string> rewrittenRequestUri() const;

    /// First value of header `name` after the header edits made so far (removeHeader removes
    /// every instance, added values come after the original ones).
    std::optional<std::string_view> header(std::string_view name) const;

    /// Cache `cache` as this evaluation sees it: its own earlier writes first, then the store.
    bool lookupCache(int cache, std::string_view key, std::string* value) const;

    void setVariable(int index, std::string_view value);

    void appendField(TemplateField field, std::string_view header, int variable, std::string* out) const override;

    /// Reusable buffers for template expansions (a key and a value), kept for the whole evaluation.
    enum class Scratch
    {
        Key,
        Value,
    };
    std::string& scratch(Scratch which) { return m_scratch[std::size_t(which)]; }

private:
    const CompiledRuleSet& m_ruleSet;
    const SipRequestView& m_request;
    const RequestContext& m_context;
    const CacheReader& m_caches;
    RouteDecision* m_decision;
    int m_carrier = -1;

    bool m_requestUriRewritten = false;
    std::string m_requestUri;          ///< The rewritten Request-URI.
    std::optional<SipUri> m_parsedUri; ///< Views into m_requestUri.
    unsigned m_requestUriVersion = 0;

    std::vector<std::string> m_variables;
    std::array<std::string, 2> m_scratch;
};

} // namespace tollgate
