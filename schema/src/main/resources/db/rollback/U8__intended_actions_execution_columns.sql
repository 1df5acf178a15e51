-- Undoes V8__intended_actions_execution_columns.sql.
DROP INDEX IF EXISTS idx_intended_actions_device_id;
DROP INDEX IF EXISTS idx_intended_actions_run_id_step_number;
ALTER TABLE intended_actions
    DROP CONSTRAINT IF EXISTS ck_intended_actions_attempts,
    DROP CONSTRAINT IF EXISTS ck_intended_actions_step_number,
    DROP CONSTRAINT IF EXISTS fk_intended_actions_device,
    DROP COLUMN IF EXISTS attempts,
    DROP COLUMN IF EXISTS started_at,
    DROP COLUMN IF EXISTS deadline_at,
    DROP COLUMN IF EXISTS dry_run,
    DROP COLUMN IF EXISTS step_number,
    DROP COLUMN IF EXISTS run_id,
    DROP COLUMN IF EXISTS device_id;
