-- Checks on schema-1.sql after it was migrated to the current schema (TestDatabaseOpener):
-- each query must return 1. A migration that moves or transforms this data adds its checks here.
SELECT count(*) = 3 FROM revisions;
SELECT group_concat(author, ',') = 'alice,bob,alice' FROM (SELECT author FROM revisions ORDER BY id);
SELECT rolled_back_from = 1 FROM revisions WHERE id = 3;
SELECT (SELECT checksum FROM revisions WHERE id = 1) = (SELECT checksum FROM revisions WHERE id = 3);
SELECT revision_id = 3 AND activated_by = 'alice' FROM active_revision;
SELECT count(*) = 2 FROM carriers;
SELECT count(*) = 6 FROM rules;
SELECT json_extract(params, '$.group') = 'core-proxies' FROM rule_actions WHERE rule = 'to-core';
SELECT applied_at = '2024-05-01T10:00:00.000Z' FROM schema_migrations WHERE version = 1;
