-- The schema tollgated creates and migrates every database to (see TestDatabaseOpener).
-- user_version 3
-- application_id 1414483020

CREATE INDEX audit_log_by_time ON audit_log (time);

CREATE INDEX audit_log_by_user ON audit_log (user, id);

CREATE INDEX destination_state_changes_by_destination
    ON destination_state_changes (group_name, uri, id);

CREATE TABLE active_revision (
    singleton                INTEGER PRIMARY KEY CHECK (singleton = 1),
    revision_id              INTEGER NOT NULL REFERENCES revisions (id),
    activated_at             TEXT    NOT NULL,
    activated_by             TEXT    NOT NULL,
    -- Schema version the projection tables below were written with. When it differs from
    -- PRAGMA user_version (a migration ran since), tollgated rewrites the projection.
    projected_schema_version INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL, -- ISO-8601 UTC with milliseconds
    user    TEXT NOT NULL CHECK (user <> ''),
    action  TEXT NOT NULL CHECK (action <> ''), -- e.g. rules.apply, destinations.disable
    target  TEXT NOT NULL DEFAULT '',           -- e.g. "revision 12", "core/sip:10.0.0.10"
    result  TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed')),
    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)) -- a JSON object
);

CREATE TABLE caches (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL,
    ttl_seconds INTEGER NOT NULL,
    max_entries INTEGER NOT NULL
);

CREATE TABLE carrier_addresses (
    carrier   TEXT    NOT NULL REFERENCES carriers (name),
    position  INTEGER NOT NULL CHECK (position >= 1),
    address   TEXT    NOT NULL, -- IP or CIDR block
    port      INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535), -- 0 = any
    transport TEXT    NOT NULL CHECK (transport IN ('any', 'udp', 'tcp', 'tls')),
    PRIMARY KEY (carrier, position)
);

CREATE TABLE carrier_ip_mappings (
    carrier         TEXT    NOT NULL REFERENCES carriers (name),
    position        INTEGER NOT NULL CHECK (position >= 1),
    private_address TEXT    NOT NULL,
    public_address  TEXT    NOT NULL,
    PRIMARY KEY (carrier, position)
);

CREATE TABLE carriers (
    position             INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name                 TEXT    PRIMARY KEY,
    description          TEXT    NOT NULL,
    trusted              INTEGER NOT NULL CHECK (trusted IN (0, 1)),
    max_concurrent_calls INTEGER NOT NULL, -- 0 = unlimited
    max_calls_per_second INTEGER NOT NULL  -- 0 = unlimited
);

CREATE TABLE destination_admin_state (
    group_name TEXT NOT NULL,
    uri        TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('enabled', 'disabled', 'draining')),
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL CHECK (changed_by <> ''),
    changed_at TEXT NOT NULL, -- ISO-8601 UTC with milliseconds
    PRIMARY KEY (group_name, uri)
) WITHOUT ROWID;

CREATE TABLE destination_groups (
    position                 INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name                     TEXT    PRIMARY KEY,
    description              TEXT    NOT NULL,
    algorithm                TEXT    NOT NULL
        CHECK (algorithm IN ('priority', 'round-robin', 'weighted', 'call-id-hash')),
    failover_codes           TEXT    NOT NULL CHECK (json_valid(failover_codes)), -- JSON array
    failover_on_timeout      INTEGER NOT NULL CHECK (failover_on_timeout IN (0, 1)),
    final_reply_timer_ms     INTEGER NOT NULL,
    probe_enabled            INTEGER NOT NULL CHECK (probe_enabled IN (0, 1)),
    probe_interval_ms        INTEGER NOT NULL,
    probe_timeout_ms         INTEGER NOT NULL,
    probe_failure_threshold  INTEGER NOT NULL,
    probe_recovery_threshold INTEGER NOT NULL,
    probe_alive_codes        TEXT    NOT NULL CHECK (json_valid(probe_alive_codes)) -- [] = any
);

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

CREATE TABLE destinations (
    destination_group TEXT    NOT NULL REFERENCES destination_groups (name),
    position          INTEGER NOT NULL CHECK (position >= 1),
    name              TEXT    NOT NULL, -- '' when the destination has no name
    uri               TEXT    NOT NULL,
    priority          INTEGER NOT NULL,
    weight            INTEGER NOT NULL,
    enabled           INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    description       TEXT    NOT NULL,
    PRIMARY KEY (destination_group, position)
);

CREATE TABLE flags (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
);

CREATE TABLE revisions (
    id               INTEGER PRIMARY KEY,
    created_at       TEXT    NOT NULL, -- ISO-8601 UTC with milliseconds
    author           TEXT    NOT NULL CHECK (author <> ''),
    comment          TEXT    NOT NULL DEFAULT '',
    ruleset_json     TEXT    NOT NULL,
    checksum         TEXT    NOT NULL CHECK (length(checksum) = 64), -- SHA-256 of ruleset_json, hex
    size_bytes       INTEGER NOT NULL CHECK (size_bytes >= 0),
    rolled_back_from INTEGER REFERENCES revisions (id), -- set when created by a rollback
    CHECK (rolled_back_from IS NULL OR rolled_back_from < id)
);

CREATE TABLE routes (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
);

CREATE TABLE rule_actions (
    route    TEXT    NOT NULL,
    rule     TEXT    NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 1),
    kind     TEXT    NOT NULL CHECK (kind IN ('setFlag', 'clearFlag', 'reply', 'relay', 'callRoute',
                                              'setTimer', 'cacheStore', 'cacheLoad', 'cacheDelete',
                                              'rewriteUri', 'addHeader', 'removeHeader',
                                              'applyCarrierMapping', 'log', 'drop')),
    params   TEXT    NOT NULL CHECK (json_valid(params)),
    PRIMARY KEY (route, rule, position),
    FOREIGN KEY (route, rule) REFERENCES rules (route, name)
);

CREATE TABLE rule_conditions (
    route    TEXT    NOT NULL,
    rule     TEXT    NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 1),
    kind     TEXT    NOT NULL CHECK (kind IN ('method', 'flag', 'sourceCarrier', 'sourceAnyCarrier',
                                              'sourceTrusted', 'sourceCidr', 'transport', 'match',
                                              'headerPresent', 'inDialog', 'cacheHasKey')),
    negate   INTEGER NOT NULL CHECK (negate IN (0, 1)),
    params   TEXT    NOT NULL CHECK (json_valid(params)),
    PRIMARY KEY (route, rule, position),
    FOREIGN KEY (route, rule) REFERENCES rules (route, name)
);

CREATE TABLE rules (
    route        TEXT    NOT NULL REFERENCES routes (name),
    position     INTEGER NOT NULL CHECK (position >= 1),
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    continuation TEXT    NOT NULL CHECK (continuation IN ('continue', 'stop')), -- after the actions
    PRIMARY KEY (route, position),
    UNIQUE (route, name)
);

CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY CHECK (version >= 1),
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL -- ISO-8601 UTC, e.g. 2024-05-01T12:00:00.123Z
);

CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_is_never_updated BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER destination_state_changes_are_never_updated BEFORE UPDATE ON destination_state_changes
BEGIN
    SELECT RAISE(ABORT, 'destination_state_changes is append-only');
END;

CREATE TRIGGER revisions_are_never_deleted BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;

CREATE TRIGGER revisions_are_never_updated BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;

CREATE VIEW active_revision_info AS
SELECT r.id AS revision_id, r.created_at, r.author, r.comment, r.checksum, r.size_bytes,
       r.rolled_back_from, a.activated_at, a.activated_by
FROM active_revision AS a
JOIN revisions AS r ON r.id = a.revision_id;
