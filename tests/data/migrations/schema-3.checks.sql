-- Checks on schema-3.sql after it was opened with the current schema (TestDatabaseOpener):
-- each query must return 1.
SELECT count(*) = 2 FROM audit_log;
SELECT user = 'alice' AND json_extract(details, '$.comment') = 'new carrier' FROM audit_log WHERE id = 1;
SELECT count(*) = 1 FROM destination_admin_state;
