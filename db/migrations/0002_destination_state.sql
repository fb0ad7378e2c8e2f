-- Tollgate schema version 2: destination runtime state that must survive a restart.
-- See docs/database.md. Append-only: never edit once shipped.

-- The administrative state an operator (or an automatic drain) gave a destination. Only
-- destinations that are not plainly enabled need a row, but enabled rows are kept too, so that
-- the last change (who, when, why) stays visible. Keyed like the daemon keys destinations:
-- group name and destination URI.
CREATE TABLE destination_admin_state (
    group_name TEXT NOT NULL,
    uri        TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('enabled', 'disabled', 'draining')),
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL CHECK (changed_by <> ''),
    changed_at TEXT NOT NULL, -- ISO-8601 UTC with milliseconds
    PRIMARY KEY (group_name, uri)
) WITHOUT ROWID;

-- Every state change of a destination, health (up/down, by probes and real traffic) and
-- administrative (enabled/disabled/draining), with its reason. Append-only.
CREATE TABLE destination_state_changes (
    id         INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    group_name TEXT NOT NULL,
    uri        TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('health', 'admin')),
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL CHECK (changed_by <> '')
);

CREATE INDEX destination_state_changes_by_destination
    ON destination_state_changes (group_name, uri, id);

CREATE TRIGGER destination_state_changes_are_never_updated BEFORE UPDATE ON destination_state_changes
BEGIN
    SELECT RAISE(ABORT, 'destination_state_changes is append-only');
END;
