#pragma once

#include "model/RuleSet.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace tollgate {

/// What the `revisions` table records about one applied ruleset, without the ruleset itself.
struct RevisionInfo
{
    int id = 0;          ///< 1, 2, 3, ...: gapless, in the order revisions were created.
    QDateTime createdAt; ///< UTC, millisecond precision.
    QString author;      ///< The Unix user who applied it (offline CLI, control socket peer).
    QString comment;
    QString checksum;       ///< SHA-256 of the canonical JSON, lower-case hex.
    qint64 sizeBytes = 0;   ///< Size of the canonical JSON.
    int rolledBackFrom = 0; ///< The revision this one restored, 0 when it was a plain apply.

    bool operator==(const RevisionInfo&) const = default;
};

/// A revision with its content, checksum verified (RuleStore::revision()).
struct Revision
{
    RevisionInfo info;
    QByteArray json; ///< Canonical JSON, as stored.
    RuleSet ruleSet; ///< `json`, parsed.
};

/// Which revision is live, since when and by whom (the `active_revision` row).
struct ActiveRevision
{
    int revisionId = 0;
    QDateTime activatedAt; ///< UTC.
    QString activatedBy;

    bool operator==(const ActiveRevision&) const = default;
};

} // namespace tollgate
