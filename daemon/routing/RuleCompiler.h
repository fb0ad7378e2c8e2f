#pragma once

#include "CompiledRuleSet.h"

#include <memory>

namespace tollgate {

/// Turns a RuleSet into a CompiledRuleSet (see CompiledRuleSet::compile, which is its only user).
/// Resolves every name to an index or a bit, compiles regular expressions and templates, parses
/// addresses and URIs, and builds the classifier and the route indexes. Fails on the first
/// problem it cannot resolve, with the place of the problem in the message.
class RuleCompiler
{
public:
    explicit RuleCompiler(const RuleSet& ruleSet);

    std::shared_ptr<const CompiledRuleSet> compile(QString* error);

private:
    bool compileFlags(QString* error);
    bool compileCarriers(QString* error);
    bool compileGroups(QString* error);
    bool compileCaches(QString* error);
    bool declareRoutes(QString* error);
    bool compileRoute(int routeIndex, QString* error);
    bool compileCondition(const Condition& condition, CompiledCondition* compiled, QString* error);
    bool compileAction(const Action& action, CompiledAction* compiled, QString* error);
    bool compileTemplate(const QString& text, const QString& fieldName, CompiledTemplate* compiled, QString* error);
    int variableIndex(std::string_view name);
    int flagBitOf(const QString& name, QString* error) const;
    int cacheIndexOf(const QString& name, QString* error) const;

    std::shared_ptr<CompiledRuleSet> m_set;
};

} // namespace tollgate
