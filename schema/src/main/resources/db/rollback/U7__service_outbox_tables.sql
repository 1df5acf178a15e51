-- Undoes V7__service_outbox_tables.sql.
DROP TABLE IF EXISTS executor_outbox;
DROP TABLE IF EXISTS playbook_outbox;
DROP TABLE IF EXISTS finding_outbox;
DROP TABLE IF EXISTS device_outbox;
