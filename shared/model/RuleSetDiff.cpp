#include "RuleSetDiff.h"

#include "Diagnostic.h"
#include "PathSegment.h"
#include "RuleSetJsonWriter.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <vector>

namespace tollgate {

namespace {

using Changes = QList<RuleSetChange>;
using Kind = RuleSetChange::Kind;

/// One line of compact JSON for any value (QJsonDocument only writes arrays and objects).
QString compactJson(const QJsonValue& value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Changed:
        return QStringLiteral("changed");
    case Kind::Moved:
        return QStringLiteral("moved");
    }
    return QStringLiteral("changed");
}

/// An item of a named list, identified across two rulesets by its name and, for the rare
/// duplicate name, by which occurrence of that name it is.
template <typename T>
struct Keyed
{
    const T* item = nullptr;
    int position = 0; ///< 1-based, in its list
};

using Key = std::pair<QString, int>; // name, occurrence (0 for the first)

template <typename T>
QHash<Key, Keyed<T>> keyByName(const QList<T>& list, QList<Key>* orderedKeys = nullptr)
{
    QHash<Key, Keyed<T>> result;
    QHash<QString, int> occurrences;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Key key{list.at(i).name, occurrences[list.at(i).name]++};
        result.insert(key, Keyed<T>{&list.at(i), int(i + 1)});
        if (orderedKeys)
            orderedKeys->append(key);
    }
    return result;
}

/// Field-level changes between two canonical objects of the same kind, in canonical field order;
/// nested objects (a group's probe) are compared field by field, `skippedKeys` not at all.
void diffFields(const OrderedJsonValue& before, const OrderedJsonValue& after, const QString& path, Changes* out,
                const QStringList& skippedKeys = {})
{
    const auto valueOf = [](const OrderedJsonValue& object, const QString& key) -> const OrderedJsonValue* {
        const auto it = std::find(object.keys().begin(), object.keys().end(), key);
        if (it == object.keys().end())
            return nullptr;
        return &object.values()[std::size_t(it - object.keys().begin())];
    };
    for (std::size_t i = 0; i < after.keys().size(); ++i) {
        const QString& key = after.keys()[i];
        if (skippedKeys.contains(key))
            continue;
        const OrderedJsonValue& newValue = after.values()[i];
        const OrderedJsonValue* oldValue = valueOf(before, key);
        const QString fieldPath = joinPath(path, key);
        if (oldValue && oldValue->isObject() && newValue.isObject()) {
            diffFields(*oldValue, newValue, fieldPath, out);
            continue;
        }
        const QJsonValue oldJson = oldValue ? oldValue->toJsonValue() : QJsonValue(QJsonValue::Null);
        const QJsonValue newJson = newValue.toJsonValue();
        if (oldJson != newJson)
            out->append(RuleSetChange{Kind::Changed, fieldPath, oldJson, newJson});
    }
    for (std::size_t i = 0; i < before.keys().size(); ++i) {
        const QString& key = before.keys()[i];
        if (!skippedKeys.contains(key) && !valueOf(after, key)) {
            out->append(RuleSetChange{Kind::Changed, joinPath(path, key), before.values()[i].toJsonValue(),
                                      QJsonValue(QJsonValue::Null)});
        }
    }
}

/// Which elements of `sequence` make up one longest strictly increasing subsequence (patience
/// sorting, O(n log n)).
std::vector<bool> longestIncreasingSubsequence(const QList<int>& sequence)
{
    const std::size_t count = std::size_t(sequence.size());
    std::vector<std::size_t> tails; // tails[k]: index of the smallest tail of an increasing run of length k+1
    std::vector<std::ptrdiff_t> previous(count, -1);
    for (std::size_t i = 0; i < count; ++i) {
        const auto it =
            std::lower_bound(tails.begin(), tails.end(), sequence[qsizetype(i)],
                             [&](std::size_t index, int value) { return sequence[qsizetype(index)] < value; });
        const std::ptrdiff_t length = it - tails.begin();
        if (length > 0)
            previous[i] = std::ptrdiff_t(tails[std::size_t(length - 1)]);
        if (it == tails.end())
            tails.push_back(i);
        else
            *it = i;
    }
    std::vector<bool> inSubsequence(count, false);
    for (std::ptrdiff_t i = tails.empty() ? -1 : std::ptrdiff_t(tails.back()); i >= 0; i = previous[std::size_t(i)])
        inSubsequence[std::size_t(i)] = true;
    return inSubsequence;
}

/// Rules of one route matched by name: removed ones first (old order), then in the new order
/// each added, moved and changed one. A rule counts as moved when it is not part of the longest
/// run of rules that kept their relative order, so inserting one rule moves no other.
void diffRules(const Route& from, const Route& to, const QString& routePath, Changes* out)
{
    QList<Key> oldKeys, newKeys;
    const QHash<Key, Keyed<Rule>> oldRules = keyByName(from.rules, &oldKeys);
    const QHash<Key, Keyed<Rule>> newRules = keyByName(to.rules, &newKeys);

    for (const Key& key : oldKeys) {
        if (!newRules.contains(key)) {
            const Keyed<Rule>& old = oldRules.value(key);
            out->append(RuleSetChange{Kind::Removed, joinPath(routePath, PathSegment::rule(key.first, old.position)),
                                      RuleSetJsonWriter::rule(*old.item).toJsonValue(), QJsonValue(QJsonValue::Null)});
        }
    }

    QList<int> oldPositions; // for the kept rules, in new order
    for (const Key& key : newKeys) {
        if (oldRules.contains(key))
            oldPositions.append(oldRules.value(key).position);
    }
    const std::vector<bool> kept = longestIncreasingSubsequence(oldPositions);

    std::size_t keptIndex = 0;
    for (const Key& key : newKeys) {
        const Keyed<Rule>& current = newRules.value(key);
        const QString path = joinPath(routePath, PathSegment::rule(key.first, current.position));
        const OrderedJsonValue after = RuleSetJsonWriter::rule(*current.item);
        if (!oldRules.contains(key)) {
            out->append(RuleSetChange{Kind::Added, path, QJsonValue(QJsonValue::Null), after.toJsonValue()});
            continue;
        }
        const Keyed<Rule>& old = oldRules.value(key);
        if (!kept[keptIndex++])
            out->append(RuleSetChange{Kind::Moved, path, QJsonValue(old.position), QJsonValue(current.position)});
        diffFields(RuleSetJsonWriter::rule(*old.item), after, path, out);
    }
}

/// Entities of one kind matched by name, in canonical order: added, removed, or changed field by
/// field. `nested` compares what the field diff skips (a route's rules).
template <typename T>
void diffEntities(const QList<T>& from, const QList<T>& to, bool (*less)(const QString&, const QString&),
                  OrderedJsonValue (*convert)(const T&), QString (*segment)(const QString&, int), Changes* out,
                  void (*nested)(const T&, const T&, const QString&, Changes*) = nullptr,
                  const QStringList& skippedKeys = {})
{
    QList<Key> keys;
    const QHash<Key, Keyed<T>> oldItems = keyByName(from, &keys);
    const QHash<Key, Keyed<T>> newItems = keyByName(to, &keys);
    std::sort(keys.begin(), keys.end(), [less](const Key& a, const Key& b) {
        if (a.first != b.first)
            return less(a.first, b.first);
        return a.second < b.second;
    });
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

    for (const Key& key : keys) {
        const auto oldIt = oldItems.constFind(key);
        const auto newIt = newItems.constFind(key);
        if (newIt == newItems.constEnd()) {
            out->append(RuleSetChange{Kind::Removed, segment(key.first, oldIt->position),
                                      convert(*oldIt->item).toJsonValue(), QJsonValue(QJsonValue::Null)});
        } else if (oldIt == oldItems.constEnd()) {
            out->append(RuleSetChange{Kind::Added, segment(key.first, newIt->position), QJsonValue(QJsonValue::Null),
                                      convert(*newIt->item).toJsonValue()});
        } else {
            const QString path = segment(key.first, newIt->position);
            diffFields(convert(*oldIt->item), convert(*newIt->item), path, out, skippedKeys);
            if (nested)
                nested(*oldIt->item, *newIt->item, path, out);
        }
    }
}

} // namespace

QString RuleSetChange::toString() const
{
    const QString head = kindName(kind) + QLatin1Char(' ') + path;
    switch (kind) {
    case Kind::Added:
    case Kind::Removed:
        return head;
    case Kind::Moved:
        return head + QStringLiteral(": position %1 -> %2").arg(before.toInteger()).arg(after.toInteger());
    case Kind::Changed:
        break;
    }
    return head + QStringLiteral(": ") + compactJson(before) + QStringLiteral(" -> ") + compactJson(after);
}

QList<RuleSetChange> diffRuleSets(const RuleSet& from, const RuleSet& to)
{
    Changes changes;
    diffEntities(from.flags, to.flags, &RuleSetJsonWriter::nameLess, &RuleSetJsonWriter::flag, &PathSegment::flag,
                 &changes);
    diffEntities(from.carriers, to.carriers, &RuleSetJsonWriter::nameLess, &RuleSetJsonWriter::carrier,
                 &PathSegment::carrier, &changes);
    diffEntities(from.groups, to.groups, &RuleSetJsonWriter::nameLess, &RuleSetJsonWriter::group, &PathSegment::group,
                 &changes);
    diffEntities(from.caches, to.caches, &RuleSetJsonWriter::nameLess, &RuleSetJsonWriter::cache, &PathSegment::cache,
                 &changes);
    diffEntities(from.routes, to.routes, &RuleSetJsonWriter::routeNameLess, &RuleSetJsonWriter::route,
                 &PathSegment::route, &changes, &diffRules, {QStringLiteral("rules")});
    return changes;
}

QJsonArray ruleSetChangesToJson(const QList<RuleSetChange>& changes)
{
    QJsonArray array;
    for (const RuleSetChange& change : changes) {
        array.append(QJsonObject{{QStringLiteral("kind"), kindName(change.kind)},
                                 {QStringLiteral("path"), change.path},
                                 {QStringLiteral("before"), change.before},
                                 {QStringLiteral("after"), change.after}});
    }
    return array;
}

} // namespace tollgate
