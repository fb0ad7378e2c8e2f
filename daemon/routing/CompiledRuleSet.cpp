#include "CompiledRuleSet.h"

#include "RuleCompiler.h"

namespace tollgate {

std::shared_ptr<const CompiledRuleSet> CompiledRuleSet::compile(const RuleSet& ruleSet, QString* error)
{
    RuleCompiler compiler(ruleSet);
    return compiler.compile(error);
}

QString CompiledRuleSet::flagName(int bit) const
{
    if (bit < 0 || bit >= flagCount())
        return {};
    return m_flagNames[std::size_t(bit)];
}

int CompiledRuleSet::flagBit(const QString& name) const
{
    for (std::size_t bit = 0; bit < m_flagNames.size(); ++bit) {
        if (m_flagNames[bit] == name)
            return int(bit);
    }
    return -1;
}

QStringList CompiledRuleSet::flagNames(std::uint64_t flags) const
{
    QStringList names;
    for (int bit = 0; bit < flagCount(); ++bit) {
        if (flags & (std::uint64_t(1) << bit))
            names << m_flagNames[std::size_t(bit)];
    }
    return names;
}

const IpMappingRewriter& CompiledRuleSet::carrierMapping(int index, MappingDirection direction) const
{
    const std::vector<IpMappingRewriter>& rewriters =
        direction == MappingDirection::FromCarrier ? m_fromCarrierMappings : m_toCarrierMappings;
    return rewriters[std::size_t(index)];
}

int CompiledRuleSet::routeIndex(std::string_view name) const
{
    for (std::size_t index = 0; index < m_routes.size(); ++index) {
        if (m_routes[index].name == name)
            return int(index);
    }
    return -1;
}

int CompiledRuleSet::findName(const std::vector<std::string>& names, std::string_view name)
{
    for (std::size_t index = 0; index < names.size(); ++index) {
        if (names[index] == name)
            return int(index);
    }
    return -1;
}

} // namespace tollgate
