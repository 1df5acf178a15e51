-- Undoes V2__core_tables.sql, in reverse dependency order (indexes, triggers and sequences go
-- with their tables).
DROP TABLE IF EXISTS playbook_steps;
DROP TABLE IF EXISTS playbooks;
DROP TABLE IF EXISTS agent_rules;
DROP TABLE IF EXISTS agents;
DROP TABLE IF EXISTS ssh_keys;
DROP TABLE IF EXISTS devices;
DROP TABLE IF EXISTS opmas_config;
