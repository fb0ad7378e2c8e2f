-- Tollgate schema version 1: ruleset revisions, the active revision, and the normalized
-- projection of the active ruleset. See docs/database.md.
--
-- Migrations are numbered and append-only: once shipped, this file never changes; later
-- changes go into 0002_*.sql and so on. The migrator runs each file in its own transaction,
-- with foreign key enforcement off (checked with PRAGMA foreign_key_check before commit),
-- then records it in schema_migrations and sets PRAGMA user_version.

-- "TOLL": marks the file as a Tollgate database, so that tollgated never migrates some other
-- application's SQLite file it was pointed at by mistake.
PRAGMA application_id = 1414483020;

-- Which migrations ran, and when. Filled by the migrator, one row per migration.
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY CHECK (version >= 1),
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL -- ISO-8601 UTC, e.g. 2024-05-01T12:00:00.123Z
);

-- Every ruleset ever applied, in full. The canonical JSON is the source of truth; everything
-- else in this schema about rules is derived from it. Append-only: see the triggers below.
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

CREATE TRIGGER revisions_are_never_updated BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;

CREATE TRIGGER revisions_are_never_deleted BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;

-- The live revision: exactly one row once a ruleset has been applied.
CREATE TABLE active_revision (
    singleton                INTEGER PRIMARY KEY CHECK (singleton = 1),
    revision_id              INTEGER NOT NULL REFERENCES revisions (id),
    activated_at             TEXT    NOT NULL,
    activated_by             TEXT    NOT NULL,
    -- Schema version the projection tables below were written with. When it differs from
    -- PRAGMA user_version (a migration ran since), tollgated rewrites the projection.
    projected_schema_version INTEGER NOT NULL
);

CREATE VIEW active_revision_info AS
SELECT r.id AS revision_id, r.created_at, r.author, r.comment, r.checksum, r.size_bytes,
       r.rolled_back_from, a.activated_at, a.activated_by
FROM active_revision AS a
JOIN revisions AS r ON r.id = a.revision_id;

-- The projection: the active ruleset in normalized tables, for people and reports. tollgated
-- rewrites all of them in the transaction that activates a revision, and never reads them to
-- route. Do not edit them: a change here is not live and is overwritten by the next apply.
-- Positions are 1-based and keep the ruleset's order. Enumerations and booleans are checked
-- here; the meaning (names, references, limits) is checked by the validator before apply.

CREATE TABLE flags (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
);

CREATE TABLE carriers (
    position             INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name                 TEXT    PRIMARY KEY,
    description          TEXT    NOT NULL,
    trusted              INTEGER NOT NULL CHECK (trusted IN (0, 1)),
    max_concurrent_calls INTEGER NOT NULL, -- 0 = unlimited
    max_calls_per_second INTEGER NOT NULL  -- 0 = unlimited
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

CREATE TABLE caches (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL,
    ttl_seconds INTEGER NOT NULL,
    max_entries INTEGER NOT NULL
);

CREATE TABLE routes (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
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

-- params holds the kind's own fields with their ruleset-format names, as a JSON object, e.g.
-- {"methods":["INVITE"]} or {"field":"ruri.user","op":"prefix","value":"+44"}.
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

-- params as for rule_conditions, e.g. {"group":"core"} or {"code":503,"reason":"Busy"}.
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
