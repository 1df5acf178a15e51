-- Undoes V40_1__playbook_policies_runs_approvals.sql.
REVOKE ALL ON playbook_runs FROM opmas_playbook, opmas_executor;
DROP INDEX IF EXISTS idx_intended_actions_approval_expires_at;
DROP INDEX IF EXISTS uq_intended_actions_run_id_step_number;
ALTER TABLE intended_actions
    DROP CONSTRAINT IF EXISTS ck_intended_actions_retry_count,
    DROP CONSTRAINT IF EXISTS ck_intended_actions_timeout_seconds,
    DROP CONSTRAINT IF EXISTS fk_intended_actions_run,
    DROP COLUMN IF EXISTS status_reason,
    DROP COLUMN IF EXISTS decision_reason,
    DROP COLUMN IF EXISTS rejected_at,
    DROP COLUMN IF EXISTS rejected_by,
    DROP COLUMN IF EXISTS approved_at,
    DROP COLUMN IF EXISTS approved_by,
    DROP COLUMN IF EXISTS approval_expires_at,
    DROP COLUMN IF EXISTS requires_approval,
    DROP COLUMN IF EXISTS continue_on_failure,
    DROP COLUMN IF EXISTS retry_count,
    DROP COLUMN IF EXISTS timeout_seconds;
DROP TABLE IF EXISTS playbook_runs;
ALTER TABLE playbook_steps
    DROP COLUMN IF EXISTS requires_approval,
    DROP COLUMN IF EXISTS continue_on_failure,
    DROP COLUMN IF EXISTS name;
ALTER TABLE playbooks
    DROP COLUMN IF EXISTS policy;
