-- Undoes V4__intended_actions.sql.
DROP TABLE IF EXISTS intended_actions;
