-- Fixture: a populated Tollgate database at schema version 1, as tollgated 0.1 leaves it
-- (see TestDatabaseOpener). Three revisions: 1 applied by alice, 2 by bob, 3 = rollback to 1
-- (active). Generated with the store itself, then `sqlite3 FILE .dump`; never edit it by hand
-- once a later schema version exists: it is what real databases of version 1 look like.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY CHECK (version >= 1),
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL -- ISO-8601 UTC, e.g. 2024-05-01T12:00:00.123Z
);
INSERT INTO schema_migrations VALUES(1,'ruleset_and_revisions','2024-05-01T10:00:00.000Z');
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
INSERT INTO revisions VALUES(1,'2024-05-01T11:00:00.000Z','alice','carriers acme and core',replace('{\n  "format": "tollgate-ruleset",\n  "version": 1,\n  "flags": [\n    {\n      "name": "INTERNALLY_SOURCED",\n      "description": "The request came from our core"\n    },\n    {\n      "name": "NEEDS_SHORT_TIMER",\n      "description": ""\n    }\n  ],\n  "carriers": [\n    {\n      "name": "acme",\n      "description": "Acme Telecom",\n      "trusted": false,\n      "addresses": [\n        {"address": "203.0.113.0/24", "port": 5060, "transport": "udp"},\n        {"address": "2001:db8::/32", "port": 0, "transport": "any"}\n      ],\n      "mappings": [\n        {"private": "10.20.0.5", "public": "198.51.100.5"}\n      ],\n      "maxConcurrentCalls": 200,\n      "maxCallsPerSecond": 20\n    },\n    {\n      "name": "core",\n      "description": "",\n      "trusted": true,\n      "addresses": [\n        {"address": "192.0.2.10", "port": 5060, "transport": "tcp"}\n      ],\n      "mappings": [],\n      "maxConcurrentCalls": 0,\n      "maxCallsPerSecond": 0\n    }\n  ],\n  "groups": [\n    {\n      "name": "core-proxies",\n      "description": "Core proxies A and B",\n      "algorithm": "priority",\n      "destinations": [\n        {"uri": "sip:10.0.0.10:5060", "priority": 0, "weight": 1, "enabled": true, "description": "proxy A"},\n        {"uri": "sip:10.0.0.11:5060;transport=tcp", "priority": 1, "weight": 3, "enabled": true, "description": "proxy B"}\n      ],\n      "probe": {\n        "enabled": true,\n        "intervalMs": 5000,\n        "timeoutMs": 2000,\n        "failureThreshold": 3,\n        "recoveryThreshold": 2,\n        "aliveCodes": [200, 404]\n      },\n      "failoverCodes": [408, 500, 502, 503, 504],\n      "failoverOnTimeout": true,\n      "finalReplyTimerMs": 2000\n    }\n  ],\n  "caches": [\n    {\n      "name": "associations",\n      "description": "Call-ID -> destination",\n      "ttlSeconds": 600,\n      "maxEntries": 5000\n    }\n  ],\n  "routes": [\n    {\n      "name": "MAIN",\n      "description": "Entry point",\n      "rules": [\n        {\n          "name": "mark-internal",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "sourceTrusted"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "INTERNALLY_SOURCED"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "options",\n          "description": "Answer OPTIONS that did not come from the core",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["OPTIONS"]},\n            {"kind": "flag", "negate": true, "flag": "INTERNALLY_SOURCED"}\n          ],\n          "actions": [\n            {"kind": "reply", "code": 503, "reason": "Options Reply"}\n          ],\n          "then": "stop"\n        },\n        {\n          "name": "from-acme",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "sourceAnyCarrier"},\n            {"kind": "sourceCarrier", "carrier": "acme"},\n            {"kind": "sourceCidr", "cidr": "203.0.113.0/24"},\n            {"kind": "transport", "transports": ["udp", "tcp"]},\n            {"kind": "match", "field": "ruri.user", "op": "prefix", "value": "+44"},\n            {"kind": "headerPresent", "header": "X-Account"},\n            {"kind": "inDialog", "negate": true},\n            {"kind": "cacheHasKey", "negate": true, "cache": "associations", "key": "{call_id}"}\n          ],\n          "actions": [\n            {"kind": "cacheLoad", "cache": "associations", "key": "{from.user}", "variable": "previous"},\n            {"kind": "cacheStore", "cache": "associations", "key": "{call_id}", "value": "{var.previous}"},\n            {"kind": "cacheDelete", "cache": "associations", "key": "{from.user}"},\n            {"kind": "rewriteUri", "part": "host", "value": "core.example.net"},\n            {"kind": "addHeader", "header": "X-Carrier", "value": "{carrier}"},\n            {"kind": "removeHeader", "header": "X-Account"},\n            {"kind": "applyCarrierMapping"},\n            {"kind": "log", "level": "info", "message": "call {call_id} from {source.ip}"},\n            {"kind": "setTimer", "milliseconds": 5000},\n            {"kind": "clearFlag", "flag": "NEEDS_SHORT_TIMER"},\n            {"kind": "callRoute", "route": "RELAY"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "to-request-uri",\n          "description": "",\n          "enabled": false,\n          "conditions": [],\n          "actions": [\n            {"kind": "relay", "uri": "{ruri}"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "drop-the-rest",\n          "description": "",\n          "enabled": true,\n          "conditions": [],\n          "actions": [\n            {"kind": "drop"}\n          ],\n          "then": "continue"\n        }\n      ]\n    },\n    {\n      "name": "RELAY",\n      "description": "",\n      "rules": [\n        {\n          "name": "to-core",\n          "description": "",\n          "enabled": true,\n          "conditions": [],\n          "actions": [\n            {"kind": "relay", "group": "core-proxies", "stickyCache": "associations", "stickyKey": "{call_id}"}\n          ],\n          "then": "continue"\n        }\n      ]\n    }\n  ]\n}\n','\n',char(10)),'6005a5ce2b55f5d49c3c4d42c22b68c31f2017a438fc7e0ca9909ac878e709ef',5150,NULL);
INSERT INTO revisions VALUES(2,'2024-05-01T12:00:00.000Z','bob','trial of carrier-2',replace('{\n  "format": "tollgate-ruleset",\n  "version": 1,\n  "flags": [\n    {\n      "name": "VARIANT_2",\n      "description": "variant 2"\n    }\n  ],\n  "carriers": [\n    {\n      "name": "carrier-2",\n      "description": "",\n      "trusted": false,\n      "addresses": [\n        {"address": "198.51.100.3", "port": 5060, "transport": "udp"}\n      ],\n      "mappings": [],\n      "maxConcurrentCalls": 0,\n      "maxCallsPerSecond": 0\n    }\n  ],\n  "groups": [\n    {\n      "name": "group-2",\n      "description": "",\n      "algorithm": "priority",\n      "destinations": [\n        {"uri": "sip:10.1.0.3:5060", "priority": 0, "weight": 1, "enabled": true, "description": ""}\n      ],\n      "probe": {\n        "enabled": true,\n        "intervalMs": 5000,\n        "timeoutMs": 2000,\n        "failureThreshold": 3,\n        "recoveryThreshold": 2,\n        "aliveCodes": []\n      },\n      "failoverCodes": [408, 500, 502, 503, 504],\n      "failoverOnTimeout": true,\n      "finalReplyTimerMs": 2000\n    }\n  ],\n  "caches": [],\n  "routes": [\n    {\n      "name": "MAIN",\n      "description": "",\n      "rules": [\n        {\n          "name": "rule-1",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1000"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "rule-2",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1001"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "rule-3",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1002"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "rule-4",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1003"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "rule-5",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1004"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "rule-6",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["INVITE"]},\n            {"kind": "match", "field": "ruri.user", "op": "exact", "value": "1005"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "VARIANT_2"},\n            {"kind": "relay", "group": "group-2"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "reject-the-rest",\n          "description": "",\n          "enabled": true,\n          "conditions": [],\n          "actions": [\n            {"kind": "reply", "code": 404, "reason": "Not Found 2"}\n          ],\n          "then": "continue"\n        }\n      ]\n    }\n  ]\n}\n','\n',char(10)),'b78dbcb9ef194cb489492e725db94af2ad6cf6d97c13419a3195256430b3c042',4092,NULL);
INSERT INTO revisions VALUES(3,'2024-05-01T13:00:00.000Z','alice','rollback to revision 1',replace('{\n  "format": "tollgate-ruleset",\n  "version": 1,\n  "flags": [\n    {\n      "name": "INTERNALLY_SOURCED",\n      "description": "The request came from our core"\n    },\n    {\n      "name": "NEEDS_SHORT_TIMER",\n      "description": ""\n    }\n  ],\n  "carriers": [\n    {\n      "name": "acme",\n      "description": "Acme Telecom",\n      "trusted": false,\n      "addresses": [\n        {"address": "203.0.113.0/24", "port": 5060, "transport": "udp"},\n        {"address": "2001:db8::/32", "port": 0, "transport": "any"}\n      ],\n      "mappings": [\n        {"private": "10.20.0.5", "public": "198.51.100.5"}\n      ],\n      "maxConcurrentCalls": 200,\n      "maxCallsPerSecond": 20\n    },\n    {\n      "name": "core",\n      "description": "",\n      "trusted": true,\n      "addresses": [\n        {"address": "192.0.2.10", "port": 5060, "transport": "tcp"}\n      ],\n      "mappings": [],\n      "maxConcurrentCalls": 0,\n      "maxCallsPerSecond": 0\n    }\n  ],\n  "groups": [\n    {\n      "name": "core-proxies",\n      "description": "Core proxies A and B",\n      "algorithm": "priority",\n      "destinations": [\n        {"uri": "sip:10.0.0.10:5060", "priority": 0, "weight": 1, "enabled": true, "description": "proxy A"},\n        {"uri": "sip:10.0.0.11:5060;transport=tcp", "priority": 1, "weight": 3, "enabled": true, "description": "proxy B"}\n      ],\n      "probe": {\n        "enabled": true,\n        "intervalMs": 5000,\n        "timeoutMs": 2000,\n        "failureThreshold": 3,\n        "recoveryThreshold": 2,\n        "aliveCodes": [200, 404]\n      },\n      "failoverCodes": [408, 500, 502, 503, 504],\n      "failoverOnTimeout": true,\n      "finalReplyTimerMs": 2000\n    }\n  ],\n  "caches": [\n    {\n      "name": "associations",\n      "description": "Call-ID -> destination",\n      "ttlSeconds": 600,\n      "maxEntries": 5000\n    }\n  ],\n  "routes": [\n    {\n      "name": "MAIN",\n      "description": "Entry point",\n      "rules": [\n        {\n          "name": "mark-internal",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "sourceTrusted"}\n          ],\n          "actions": [\n            {"kind": "setFlag", "flag": "INTERNALLY_SOURCED"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "options",\n          "description": "Answer OPTIONS that did not come from the core",\n          "enabled": true,\n          "conditions": [\n            {"kind": "method", "methods": ["OPTIONS"]},\n            {"kind": "flag", "negate": true, "flag": "INTERNALLY_SOURCED"}\n          ],\n          "actions": [\n            {"kind": "reply", "code": 503, "reason": "Options Reply"}\n          ],\n          "then": "stop"\n        },\n        {\n          "name": "from-acme",\n          "description": "",\n          "enabled": true,\n          "conditions": [\n            {"kind": "sourceAnyCarrier"},\n            {"kind": "sourceCarrier", "carrier": "acme"},\n            {"kind": "sourceCidr", "cidr": "203.0.113.0/24"},\n            {"kind": "transport", "transports": ["udp", "tcp"]},\n            {"kind": "match", "field": "ruri.user", "op": "prefix", "value": "+44"},\n            {"kind": "headerPresent", "header": "X-Account"},\n            {"kind": "inDialog", "negate": true},\n            {"kind": "cacheHasKey", "negate": true, "cache": "associations", "key": "{call_id}"}\n          ],\n          "actions": [\n            {"kind": "cacheLoad", "cache": "associations", "key": "{from.user}", "variable": "previous"},\n            {"kind": "cacheStore", "cache": "associations", "key": "{call_id}", "value": "{var.previous}"},\n            {"kind": "cacheDelete", "cache": "associations", "key": "{from.user}"},\n            {"kind": "rewriteUri", "part": "host", "value": "core.example.net"},\n            {"kind": "addHeader", "header": "X-Carrier", "value": "{carrier}"},\n            {"kind": "removeHeader", "header": "X-Account"},\n            {"kind": "applyCarrierMapping"},\n            {"kind": "log", "level": "info", "message": "call {call_id} from {source.ip}"},\n            {"kind": "setTimer", "milliseconds": 5000},\n            {"kind": "clearFlag", "flag": "NEEDS_SHORT_TIMER"},\n            {"kind": "callRoute", "route": "RELAY"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "to-request-uri",\n          "description": "",\n          "enabled": false,\n          "conditions": [],\n          "actions": [\n            {"kind": "relay", "uri": "{ruri}"}\n          ],\n          "then": "continue"\n        },\n        {\n          "name": "drop-the-rest",\n          "description": "",\n          "enabled": true,\n          "conditions": [],\n          "actions": [\n            {"kind": "drop"}\n          ],\n          "then": "continue"\n        }\n      ]\n    },\n    {\n      "name": "RELAY",\n      "description": "",\n      "rules": [\n        {\n          "name": "to-core",\n          "description": "",\n          "enabled": true,\n          "conditions": [],\n          "actions": [\n            {"kind": "relay", "group": "core-proxies", "stickyCache": "associations", "stickyKey": "{call_id}"}\n          ],\n          "then": "continue"\n        }\n      ]\n    }\n  ]\n}\n','\n',char(10)),'6005a5ce2b55f5d49c3c4d42c22b68c31f2017a438fc7e0ca9909ac878e709ef',5150,1);
CREATE TABLE active_revision (
    singleton                INTEGER PRIMARY KEY CHECK (singleton = 1),
    revision_id              INTEGER NOT NULL REFERENCES revisions (id),
    activated_at             TEXT    NOT NULL,
    activated_by             TEXT    NOT NULL,
    -- Schema version the projection tables below were written with. When it differs from
    -- PRAGMA user_version (a migration ran since), tollgated rewrites the projection.
    projected_schema_version INTEGER NOT NULL
);
INSERT INTO active_revision VALUES(1,3,'2024-05-01T13:00:00.000Z','alice',1);
CREATE TABLE flags (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
);
INSERT INTO flags VALUES(1,'INTERNALLY_SOURCED','The request came from our core');
INSERT INTO flags VALUES(2,'NEEDS_SHORT_TIMER','');
CREATE TABLE carriers (
    position             INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name                 TEXT    PRIMARY KEY,
    description          TEXT    NOT NULL,
    trusted              INTEGER NOT NULL CHECK (trusted IN (0, 1)),
    max_concurrent_calls INTEGER NOT NULL, -- 0 = unlimited
    max_calls_per_second INTEGER NOT NULL  -- 0 = unlimited
);
INSERT INTO carriers VALUES(1,'acme','Acme Telecom',0,200,20);
INSERT INTO carriers VALUES(2,'core','',1,0,0);
CREATE TABLE carrier_addresses (
    carrier   TEXT    NOT NULL REFERENCES carriers (name),
    position  INTEGER NOT NULL CHECK (position >= 1),
    address   TEXT    NOT NULL, -- IP or CIDR block
    port      INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535), -- 0 = any
    transport TEXT    NOT NULL CHECK (transport IN ('any', 'udp', 'tcp', 'tls')),
    PRIMARY KEY (carrier, position)
);
INSERT INTO carrier_addresses VALUES('acme',1,'203.0.113.0/24',5060,'udp');
INSERT INTO carrier_addresses VALUES('acme',2,'2001:db8::/32',0,'any');
INSERT INTO carrier_addresses VALUES('core',1,'192.0.2.10',5060,'tcp');
CREATE TABLE carrier_ip_mappings (
    carrier         TEXT    NOT NULL REFERENCES carriers (name),
    position        INTEGER NOT NULL CHECK (position >= 1),
    private_address TEXT    NOT NULL,
    public_address  TEXT    NOT NULL,
    PRIMARY KEY (carrier, position)
);
INSERT INTO carrier_ip_mappings VALUES('acme',1,'10.20.0.5','198.51.100.5');
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
INSERT INTO destination_groups VALUES(1,'core-proxies','Core proxies A and B','priority','[408,500,502,503,504]',1,2000,1,5000,2000,3,2,'[200,404]');
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
INSERT INTO destinations VALUES('core-proxies',1,'','sip:10.0.0.10:5060',0,1,1,'proxy A');
INSERT INTO destinations VALUES('core-proxies',2,'','sip:10.0.0.11:5060;transport=tcp',1,3,1,'proxy B');
CREATE TABLE caches (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL,
    ttl_seconds INTEGER NOT NULL,
    max_entries INTEGER NOT NULL
);
INSERT INTO caches VALUES(1,'associations','Call-ID -> destination',600,5000);
CREATE TABLE routes (
    position    INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    name        TEXT    PRIMARY KEY,
    description TEXT    NOT NULL
);
INSERT INTO routes VALUES(1,'MAIN','Entry point');
INSERT INTO routes VALUES(2,'RELAY','');
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
INSERT INTO rules VALUES('MAIN',1,'mark-internal','',1,'continue');
INSERT INTO rules VALUES('MAIN',2,'options','Answer OPTIONS that did not come from the core',1,'stop');
INSERT INTO rules VALUES('MAIN',3,'from-acme','',1,'continue');
INSERT INTO rules VALUES('MAIN',4,'to-request-uri','',0,'continue');
INSERT INTO rules VALUES('MAIN',5,'drop-the-rest','',1,'continue');
INSERT INTO rules VALUES('RELAY',1,'to-core','',1,'continue');
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
INSERT INTO rule_conditions VALUES('MAIN','mark-internal',1,'sourceTrusted',0,'{}');
INSERT INTO rule_conditions VALUES('MAIN','options',1,'method',0,'{"methods":["OPTIONS"]}');
INSERT INTO rule_conditions VALUES('MAIN','options',2,'flag',1,'{"flag":"INTERNALLY_SOURCED"}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',1,'sourceAnyCarrier',0,'{}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',2,'sourceCarrier',0,'{"carrier":"acme"}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',3,'sourceCidr',0,'{"cidr":"203.0.113.0/24"}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',4,'transport',0,'{"transports":["udp","tcp"]}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',5,'match',0,'{"field":"ruri.user","op":"prefix","value":"+44"}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',6,'headerPresent',0,'{"header":"X-Account"}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',7,'inDialog',1,'{}');
INSERT INTO rule_conditions VALUES('MAIN','from-acme',8,'cacheHasKey',1,'{"cache":"associations","key":"{call_id}"}');
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
INSERT INTO rule_actions VALUES('MAIN','mark-internal',1,'setFlag','{"flag":"INTERNALLY_SOURCED"}');
INSERT INTO rule_actions VALUES('MAIN','options',1,'reply','{"code":503,"reason":"Options Reply"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',1,'cacheLoad','{"cache":"associations","key":"{from.user}","variable":"previous"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',2,'cacheStore','{"cache":"associations","key":"{call_id}","value":"{var.previous}"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',3,'cacheDelete','{"cache":"associations","key":"{from.user}"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',4,'rewriteUri','{"part":"host","value":"core.example.net"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',5,'addHeader','{"header":"X-Carrier","value":"{carrier}"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',6,'removeHeader','{"header":"X-Account"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',7,'applyCarrierMapping','{}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',8,'log','{"level":"info","message":"call {call_id} from {source.ip}"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',9,'setTimer','{"milliseconds":5000}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',10,'clearFlag','{"flag":"NEEDS_SHORT_TIMER"}');
INSERT INTO rule_actions VALUES('MAIN','from-acme',11,'callRoute','{"route":"RELAY"}');
INSERT INTO rule_actions VALUES('MAIN','to-request-uri',1,'relay','{"uri":"{ruri}"}');
INSERT INTO rule_actions VALUES('MAIN','drop-the-rest',1,'drop','{}');
INSERT INTO rule_actions VALUES('RELAY','to-core',1,'relay','{"group":"core-proxies","stickyCache":"associations","stickyKey":"{call_id}"}');
CREATE TRIGGER revisions_are_never_updated BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;
CREATE TRIGGER revisions_are_never_deleted BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: apply or roll back to create a new one');
END;
CREATE VIEW active_revision_info AS
SELECT r.id AS revision_id, r.created_at, r.author, r.comment, r.checksum, r.size_bytes,
       r.rolled_back_from, a.activated_at, a.activated_by
FROM active_revision AS a
JOIN revisions AS r ON r.id = a.revision_id;
COMMIT;
PRAGMA application_id = 1414483020;
PRAGMA user_version = 1;
