-- Tollgate schema version 3: the audit log. See docs/database.md. Append-only: never edit once
-- shipped.

-- Every change made to a running Tollgate: rulesets applied and rolled back, destinations
-- enabled, disabled, drained or failed over, calls ended by an operator, and every automatic
-- destination state change (user 'tollgated'). Never edited: the triggers refuse it.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL, -- ISO-8601 UTC with milliseconds
    user    TEXT NOT NULL CHECK (user <> ''),
    action  TEXT NOT NULL CHECK (action <> ''), -- e.g. rules.apply, destinations.disable
    target  TEXT NOT NULL DEFAULT '',           -- e.g. "revision 12", "core/sip:10.0.0.10"
    result  TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed')),
    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)) -- a JSON object
);

CREATE INDEX audit_log_by_time ON audit_log (time);
CREATE INDEX audit_log_by_user ON audit_log (user, id);

CREATE TRIGGER audit_log_is_never_updated BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
