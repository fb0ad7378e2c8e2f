-- Checks on schema-2.sql after it was migrated to the current schema (TestDatabaseOpener):
-- each query must return 1.
SELECT count(*) = 3 FROM revisions;
SELECT state = 'disabled' AND reason = 'maintenance window' AND changed_by = 'bob'
  FROM destination_admin_state WHERE uri = 'sip:10.0.0.11:5060;transport=tcp';
SELECT count(*) = 2 FROM destination_state_changes;
SELECT group_concat(version, ',') = '1,2,3' FROM (SELECT version FROM schema_migrations ORDER BY version);
SELECT count(*) = 0 FROM audit_log;
