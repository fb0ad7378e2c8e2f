#include "ControlCatalogue.h"

#include "ControlCatalogueData.h"
#include "model/NameSuggestion.h"

namespace tollgate {

const ControlCatalogue& ControlCatalogue::instance()
{
    static const ControlCatalogue catalogue;
    return catalogue;
}

ControlCatalogue::ControlCatalogue()
    : m_methods(catalogue::controlMethods())
    , m_topics(catalogue::eventTopics())
    , m_serverNotifications(catalogue::serverNotifications())
    , m_objects(catalogue::sharedObjects())
{
    for (qsizetype i = 0; i < m_methods.size(); ++i) {
        MethodSpec& spec = m_methods[i];
        m_methodIndex.insert(spec.name, i);
        for (CliCommandSpec& command : spec.commands) {
            command.method = spec.name;
            for (CliOptionSpec& option : command.options) {
                const ParamSpec* param = spec.param(option.param);
                option.required = param && param->required && !command.fixedParams.contains(option.param);
            }
        }
    }
}

const MethodSpec* ControlCatalogue::method(const QString& name) const
{
    const auto found = m_methodIndex.constFind(name);
    return found == m_methodIndex.cend() ? nullptr : &m_methods.at(*found);
}

QStringList ControlCatalogue::methodNames() const
{
    QStringList names;
    names.reserve(m_methods.size());
    for (const MethodSpec& spec : m_methods)
        names << spec.name;
    return names;
}

QString ControlCatalogue::suggestMethod(const QString& name) const
{
    return suggestName(name, methodNames());
}

const TopicSpec* ControlCatalogue::topic(const QString& name) const
{
    for (const TopicSpec& spec : m_topics) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QStringList ControlCatalogue::topicNames() const
{
    QStringList names;
    names.reserve(m_topics.size());
    for (const TopicSpec& spec : m_topics)
        names << spec.name;
    return names;
}

QList<CliCommandSpec> ControlCatalogue::commands() const
{
    QList<CliCommandSpec> all;
    for (const MethodSpec& spec : m_methods)
        all += spec.commands;
    return all;
}

const CliCommandSpec* ControlCatalogue::command(const QString& noun, const QString& verb) const
{
    for (const MethodSpec& spec : m_methods) {
        for (const CliCommandSpec& candidate : spec.commands) {
            if (candidate.noun == noun && candidate.verb == verb)
                return &candidate;
        }
    }
    return nullptr;
}

} // namespace tollgate
