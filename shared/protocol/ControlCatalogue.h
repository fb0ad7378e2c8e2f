#pragma once

#include "CliCommandSpec.h"
#include "MethodSpec.h"
#include "ObjectSpec.h"
#include "TopicSpec.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace tollgate {

/// The one list of control methods, event topics and shared object shapes, used by the daemon
/// (parameter checks, dispatch, system.hello), by tollgatectl (its commands and help) and by the
/// console, and rendered as docs/control-protocol.md by ControlProtocolDoc.
///
/// The lists are append-only: a method, topic or notification keeps its position and name for
/// ever, so that clients of an older catalogue keep working (ProtocolVersion.h says when the
/// version changes). Immutable once built; safe to read from any thread.
class ControlCatalogue
{
public:
    /// The catalogue of this build, built on first use.
    static const ControlCatalogue& instance();

    const QList<MethodSpec>& methods() const { return m_methods; }
    /// The method called `name`, or null.
    const MethodSpec* method(const QString& name) const;
    QStringList methodNames() const;
    /// The method name closest to `name` for a "did you mean" hint, or an empty string.
    QString suggestMethod(const QString& name) const;

    const QList<TopicSpec>& topics() const { return m_topics; }
    /// The topic called `name`, or null.
    const TopicSpec* topic(const QString& name) const;
    QStringList topicNames() const;
    /// Notifications the server sends on its own, whatever the subscriptions (events.lost).
    const QList<NotificationSpec>& serverNotifications() const { return m_serverNotifications; }

    /// Object shapes named by result and notification fields ("call", "revision", ...).
    const QList<ObjectSpec>& objects() const { return m_objects; }

    /// Every tollgatectl command, in catalogue order, with CliCommandSpec::method filled in.
    QList<CliCommandSpec> commands() const;
    /// The command `noun verb`, or null.
    const CliCommandSpec* command(const QString& noun, const QString& verb) const;

private:
    ControlCatalogue();

    QList<MethodSpec> m_methods;
    QHash<QString, qsizetype> m_methodIndex;
    QList<TopicSpec> m_topics;
    QList<NotificationSpec> m_serverNotifications;
    QList<ObjectSpec> m_objects;
};

} // namespace tollgate
