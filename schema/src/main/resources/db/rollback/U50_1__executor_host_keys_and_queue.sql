-- Reason: rolls back V50_1 (action-executor host keys and durable queue).
DROP TABLE IF EXISTS executor_queue;
DROP TABLE IF EXISTS device_host_keys;
