#pragma once

#include "ValidationContext.h"

namespace tollgate {

/// Checks one rule's conditions and actions: references, regular expressions, CIDR blocks, URIs,
/// templates, header and method names, response codes, timers, and actions that can never run
/// because an earlier action of the rule ends the evaluation. Internal to RuleSetValidator; the
/// messages are listed in docs/ruleset-format.md.
class RuleValidator
{
public:
    explicit RuleValidator(ValidationContext* context);

    /// Checks `rule`, whose path is `path` (`route MAIN › rule "options"`).
    void checkRule(const Rule& rule, const QString& path);

private:
    void checkCondition(const Condition& condition, const LazyPath& path);
    void checkMethods(const Condition& condition, const LazyPath& path);
    void checkTransports(const Condition& condition, const LazyPath& path);
    void checkMatch(const Condition& condition, const LazyPath& path);
    void checkAction(const Action& action, const LazyPath& path);
    void checkReply(const Action& action, const LazyPath& path);
    void checkRelay(const Action& action, const LazyPath& path);
    void checkRewriteUri(const Action& action, const LazyPath& path);
    void checkCacheLoad(const Action& action, const LazyPath& path);
    void checkLog(const Action& action, const LazyPath& path);
    /// A header name in `user` ("addHeader"): present, a SIP token, and, when `modifies`, not
    /// one of the headers the proxy manages. True when usable.
    bool checkHeaderName(const LazyPath& path, const QString& user, const QString& header, bool modifies);
    /// Reports `<what> contains a line break` (or other control character); true when clean.
    bool checkNoControlCharacters(const LazyPath& path, const QString& what, const QString& text);
    /// Reports `unknown <noun> "x"` with a did-you-mean hint when `value` is not in `allowed`.
    bool checkOneOf(const LazyPath& path, const QString& noun, const QString& value, const QStringList& allowed);

    ValidationContext* m_context;
};

} // namespace tollgate
